package org.kexkit.pmem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;

/**
 * kexkit's text form of a {@link PmemLayout}: what the layout note carries to the capture kernel
 * and what {@code kexkit pmem list --layout} records beside the capture environment. One line per
 * region and per namespace after a version line, ranges as /proc/iomem prints them:
 *
 * <pre>
 * kexkit-pmem-layout 1
 * region region0 nfit 0x140000000-0x14fffffff
 * namespace namespace0.0 region0 0x140000000-0x14fffffff fsdax pmem data 0x141000000
 * namespace namespace1.0 region1 0x150000000-0x15fffffff raw none
 * namespace namespace2.0 region2 0x160000000-0x16fffffff fsdax none problem namespace2.0: offset 0x1ff8: ...
 * </pre>
 *
 * A region line may end with {@code ram RANGE,RANGE} (parts onlined as System RAM); a namespace line
 * ends with {@code data ADDRESS} (fsdax and devdax) or {@code problem TEXT} (to the end of the line).
 */
public final class PmemLayoutText {
    public static final String HEADER = "kexkit-pmem-layout 1";

    private PmemLayoutText() {
    }

    public static String write(PmemLayout layout) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (PmemRegion r : layout.regions()) {
            b.append("region ").append(r.name()).append(' ').append(r.kind().token()).append(' ').append(r.range());
            if (!r.ramInside().isEmpty()) {
                b.append(" ram ").append(String.join(",", r.ramInside().stream().map(PhysRange::toString).toList()));
            }
            b.append('\n');
        }
        for (PmemNamespace n : layout.namespaces()) {
            b.append("namespace ").append(n.name()).append(' ').append(n.region()).append(' ').append(n.range())
                    .append(' ').append(n.mode().ndctlName()).append(' ').append(n.memmap().sysfsName());
            n.dataStart().ifPresent(d -> b.append(" data 0x").append(Long.toHexString(d)));
            n.problem().ifPresent(p -> b.append(" problem ").append(p.replace('\n', ' ')));
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * @param source the file or note the text came from, for messages
     * @throws FormatException naming the line and its byte offset
     */
    public static PmemLayout read(String text, String source) throws FormatException {
        Map<String, PmemRegion> regions = new LinkedHashMap<>();
        Map<String, List<PmemNamespace>> namespaces = new LinkedHashMap<>();
        int start = 0;
        int number = 1;
        boolean header = false;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            String line = text.substring(start, end);
            Line l = new Line(source, number, start, line);
            if (!header) {
                if (!line.equals(HEADER)) {
                    throw l.error("expected '" + HEADER + "', found '" + line + "'");
                }
                header = true;
            } else if (!line.isBlank()) {
                String[] w = line.strip().split(" +");
                switch (w[0]) {
                    case "region" -> {
                        PmemRegion r = region(l, w);
                        if (regions.put(r.name(), r) != null) {
                            throw l.error("region " + r.name() + " is listed twice");
                        }
                        namespaces.put(r.name(), new ArrayList<>());
                    }
                    case "namespace" -> {
                        PmemNamespace n = namespace(l, line.strip(), w);
                        List<PmemNamespace> in = namespaces.get(n.region());
                        if (in == null) {
                            throw l.error("namespace " + n.name() + " names region " + n.region() + ", not listed before it");
                        }
                        if (!regions.get(n.region()).range().contains(n.range())) {
                            throw l.error("namespace " + n.name() + " " + n.range() + " lies outside region " + n.region());
                        }
                        in.add(n);
                    }
                    default -> throw l.error("expected a region or namespace line, found '" + w[0] + "'");
                }
            }
            start = end + 1;
            number++;
        }
        if (!header) {
            throw new FormatException(source, 0, "expected '" + HEADER + "', found an empty layout");
        }
        List<PmemRegion> out = new ArrayList<>();
        for (PmemRegion r : regions.values()) {
            out.add(new PmemRegion(r.name(), r.range(), r.kind(), r.ramInside(), namespaces.get(r.name())));
        }
        return new PmemLayout(out);
    }

    private static PmemRegion region(Line l, String[] w) throws FormatException {
        if (w.length != 4 && !(w.length == 6 && w[4].equals("ram"))) {
            throw l.error("expected 'region NAME KIND RANGE [ram RANGE,...]', found " + (w.length - 1) + " words");
        }
        PmemResourceKind kind = PmemResourceKind.ofToken(w[2])
                .orElseThrow(() -> l.error("expected kind nfit or legacy, found '" + w[2] + "'"));
        List<PhysRange> ram = new ArrayList<>();
        if (w.length == 6) {
            for (String part : w[5].split(",")) {
                ram.add(range(l, part));
            }
        }
        return new PmemRegion(w[1], range(l, w[3]), kind, ram, List.of());
    }

    private static PmemNamespace namespace(Line l, String line, String[] w) throws FormatException {
        if (w.length < 6) {
            throw l.error("expected 'namespace NAME REGION RANGE MODE MEMMAP ...', found " + (w.length - 1) + " words");
        }
        PhysRange range = range(l, w[3]);
        NamespaceMode mode = NamespaceMode.ofNdctl(w[4])
                .orElseThrow(() -> l.error("expected mode raw, sector, fsdax or devdax, found '" + w[4] + "'"));
        PfnMode memmap = PfnMode.ofSysfs(w[5])
                .orElseThrow(() -> l.error("expected memmap none, ram or pmem, found '" + w[5] + "'"));
        if (w.length >= 7 && w[6].equals("problem")) {
            int at = line.indexOf(" problem ");
            return PmemNamespace.withoutMetadata(w[1], w[2], range, mode, Optional.of(line.substring(at + 9)));
        }
        if (w.length == 8 && w[6].equals("data")) {
            long data = hex(l, w[7]);
            if (!mode.hasMemmap() || memmap == PfnMode.NONE || !range.contains(data)) {
                throw l.error("a data start goes with fsdax or devdax, memmap ram or pmem, inside " + range
                        + "; found " + w[4] + " " + w[5] + " data " + w[7]);
            }
            return PmemNamespace.withMetadata(w[1], w[2], range, mode, memmap, data);
        }
        if (w.length == 6 && !mode.hasMemmap()) {
            return new PmemNamespace(w[1], w[2], range, mode, PfnMode.NONE, OptionalLong.empty(), Optional.empty());
        }
        throw l.error("expected 'data ADDRESS' (fsdax, devdax) or 'problem TEXT' after the memmap, found '"
                + String.join(" ", java.util.Arrays.copyOfRange(w, 6, w.length)) + "'");
    }

    private static PhysRange range(Line l, String text) throws FormatException {
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw l.error("expected a range 0xSTART-0xLAST, found '" + text + "'");
        }
        long first = hex(l, text.substring(0, dash));
        long last = hex(l, text.substring(dash + 1));
        if (Long.compareUnsigned(first, last) > 0 || last == -1L) {
            throw l.error("expected a range 0xSTART-0xLAST with START <= LAST, found '" + text + "'");
        }
        return PhysRange.inclusive(first, last);
    }

    private static long hex(Line l, String text) throws FormatException {
        if (!text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
            throw l.error("expected a hex number 0x..., found '" + text + "'");
        }
        try {
            return Long.parseUnsignedLong(text.substring(2), 16);
        } catch (NumberFormatException e) {
            throw l.error("expected a hex number 0x..., found '" + text + "'");
        }
    }

    private record Line(String source, int number, long offset, String text) {
        FormatException error(String problem) {
            return new FormatException(source, offset, "line " + number + ": " + problem);
        }
    }
}
