package org.kexkit.pmem.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.pmem.NamespaceBytes;
import org.kexkit.pmem.NdBus;
import org.kexkit.pmem.PmemDiscovery;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemResource;
import org.kexkit.pmem.PmemSystem;

/**
 * The pmem layout of a system under a root directory ("/" or a recorded copy): /sys/bus/nd from
 * {@link NdBusReader}, and the info block of each namespace that drives its own block device (raw
 * mode) from root/dev/NAME. The caller gives the persistent memory of /proc/iomem, which the
 * loader's iomem reader parses. Devices opened here stay open until {@link #close}.
 */
public final class PmemSystemReader implements AutoCloseable {
    private final Path root;
    private final List<NamespaceDevice> opened = new ArrayList<>();
    private NdBus bus;

    public PmemSystemReader(Path root) {
        this.root = root;
    }

    public NdBus bus() throws IOException, FormatException {
        if (bus == null) {
            bus = new NdBusReader(root).read();
        }
        return bus;
    }

    public PmemLayout layout(List<PmemResource> iomem) throws IOException, FormatException {
        NdBus nd = bus();
        try {
            return PmemDiscovery.discover(iomem, nd, this::deviceUnchecked);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The layout with the bus and device look-up it came from, for a capture (see {@link PmemSystem}). */
    public PmemSystem system(List<PmemResource> iomem) throws IOException, FormatException {
        PmemLayout layout = layout(iomem);
        return new PmemSystem(layout, bus(), this::deviceUnchecked);
    }

    /** The namespace's raw block device, if it drives one and the device node exists under the root. */
    public Optional<NamespaceBytes> device(NdBus.Namespace ns) throws IOException {
        if (ns.blockDevice().isEmpty()) {
            return Optional.empty();
        }
        Path node = root.resolve("dev").resolve(ns.blockDevice().get());
        if (!Files.exists(node)) {
            return Optional.empty();
        }
        NamespaceDevice device = NamespaceDevice.open(node);
        opened.add(device);
        return Optional.of(device);
    }

    private Optional<NamespaceBytes> deviceUnchecked(NdBus.Namespace ns) {
        try {
            return device(ns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        for (NamespaceDevice d : opened) {
            d.close();
        }
        opened.clear();
    }
}
