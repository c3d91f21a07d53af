package org.kexkit.pmem.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.bin.FormatException;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PfnMode;

/**
 * Reads /sys/bus/nd/devices under a root directory ("/" or a recorded copy) into {@link NdBus}.
 * Attributes a device does not have in its state (a disabled pfn device's resource, whose read
 * fails with ENXIO; a label-less namespace's uuid) are empty values; an attribute that is there but
 * unreadable as a number is a one-line error naming the file.
 */
public final class NdBusReader {
    static final String DEVICES = "sys/bus/nd/devices";
    private static final Pattern REGION = Pattern.compile("region(\\d+)");
    private static final Pattern NAMESPACE = Pattern.compile("namespace(\\d+)\\.(\\d+)");
    private static final Pattern CLAIM = Pattern.compile("(pfn|dax|btt)(\\d+)\\.(\\d+)");

    private final Path root;

    public NdBusReader(Path root) {
        this.root = root;
    }

    /** The bus, or {@link NdBus#EMPTY} when /sys/bus/nd/devices does not exist. */
    public NdBus read() throws IOException, FormatException {
        Path dir = root.resolve(DEVICES);
        if (!Files.isDirectory(dir)) {
            return NdBus.EMPTY;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        }
        names.sort(null);
        List<NdBus.Region> regions = new ArrayList<>();
        List<NdBus.Namespace> namespaces = new ArrayList<>();
        List<NdBus.Claim> claims = new ArrayList<>();
        for (String name : names) {
            Path d = dir.resolve(name);
            if (REGION.matcher(name).matches()) {
                OptionalLong resource = hex(d, "resource");
                if (resource.isPresent()) {
                    regions.add(new NdBus.Region(name, resource.getAsLong(), decimal(d, "size").orElse(0)));
                }
                continue;
            }
            Matcher ns = NAMESPACE.matcher(name);
            if (ns.matches()) {
                namespaces.add(new NdBus.Namespace(name, "region" + ns.group(1), hex(d, "resource"),
                        decimal(d, "size").orElse(0), text(d, "mode").orElse(""), text(d, "holder").orElse(""),
                        text(d, "uuid").filter(u -> !u.isBlank()), text(d, "force_raw").map(t -> t.equals("1")).orElse(false),
                        blockDevice(d)));
                continue;
            }
            if (CLAIM.matcher(name).matches()) {
                claims.add(new NdBus.Claim(name, text(d, "namespace").orElse(""),
                        text(d, "mode").flatMap(PfnMode::ofSysfs), hex(d, "resource"), decimal(d, "align"),
                        text(d, "uuid").filter(u -> !u.isBlank())));
            }
        }
        return new NdBus(regions, namespaces, claims);
    }

    /** The one entry of DIR/block/, if the device drives a block device itself. */
    static Optional<String> blockDevice(Path device) throws IOException {
        Path block = device.resolve("block");
        if (!Files.isDirectory(block)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(block)) {
            for (Path p : entries) {
                return Optional.of(p.getFileName().toString());
            }
        }
        return Optional.empty();
    }

    /** The attribute's text, stripped; empty when the file is missing or the kernel refuses the read. */
    private static Optional<String> text(Path dir, String attribute) {
        try {
            return Optional.of(Files.readString(dir.resolve(attribute), StandardCharsets.ISO_8859_1).strip());
        } catch (IOException e) {
            // missing, or ENXIO (a pfn device that is not enabled has no resource to show)
            return Optional.empty();
        }
    }

    private static OptionalLong hex(Path dir, String attribute) throws FormatException {
        Optional<String> t = text(dir, attribute);
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        String v = t.get();
        try {
            return OptionalLong.of(Long.parseUnsignedLong(v.startsWith("0x") ? v.substring(2) : v, 16));
        } catch (NumberFormatException e) {
            throw new FormatException(dir.resolve(attribute).toString(), 0, "expected a hex address, found '" + v + "'");
        }
    }

    private static OptionalLong decimal(Path dir, String attribute) throws FormatException {
        Optional<String> t = text(dir, attribute);
        if (t.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(t.get()));
        } catch (NumberFormatException e) {
            throw new FormatException(dir.resolve(attribute).toString(), 0, "expected a decimal number, found '" + t.get() + "'");
        }
    }
}
