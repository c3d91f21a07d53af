package org.kexkit.pmem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;

/**
 * Works out a {@link PmemLayout} from plain values: the persistent memory of /proc/iomem, what
 * /sys/bus/nd says about regions, namespaces and the devices claiming them, and, where sysfs does
 * not give the data offset, the namespace's info block read from its raw block device.
 *
 * <p>On a running first kernel an fsdax or devdax namespace is claimed by an enabled pfn or dax
 * device whose {@code resource} is the data start and whose {@code mode} is the memmap location.
 * In a capture kernel that bound the namespaces raw ({@code force_raw}), nothing claims them and
 * only the info block tells: a pfn or dax signature (then the block is checked in full), a BTT
 * signature (sector mode), or none (raw). A block that fails a check leaves the namespace without
 * metadata and says why in one line naming the namespace and the offset.
 */
public final class PmemDiscovery {
    private PmemDiscovery() {
    }

    /**
     * @param iomem   the persistent-memory lines of /proc/iomem
     * @param bus     /sys/bus/nd (empty without libnvdimm: each region is then pmem in no namespace)
     * @param devices a namespace's raw block device, where it has one
     */
    public static PmemLayout discover(List<PmemResource> iomem, NdBus bus,
            Function<NdBus.Namespace, Optional<NamespaceBytes>> devices) {
        List<PmemRegion> regions = new ArrayList<>();
        List<PmemResource> sorted = new ArrayList<>(iomem);
        sorted.sort((a, b) -> a.range().compareTo(b.range()));
        for (PmemResource res : sorted) {
            Optional<NdBus.Region> nd = bus.regions().stream()
                    .filter(r -> r.size() > 0 && res.range().contains(PhysRange.ofSize(r.resource(), r.size())))
                    .findFirst();
            String name = nd.map(NdBus.Region::name).orElse(String.format("pmem@0x%x", res.range().start()));
            List<PmemNamespace> namespaces = new ArrayList<>();
            if (nd.isPresent()) {
                for (NdBus.Namespace ns : bus.namespaces()) {
                    if (ns.region().equals(name) && ns.resource().isPresent() && ns.size() > 0) {
                        namespaces.add(namespace(ns, name, bus, devices));
                    }
                }
            }
            namespaces.sort((a, b) -> a.range().compareTo(b.range()));
            regions.add(new PmemRegion(name, res.range(), res.kind(), res.ramInside(), namespaces));
        }
        return new PmemLayout(regions);
    }

    private static PmemNamespace namespace(NdBus.Namespace ns, String region, NdBus bus,
            Function<NdBus.Namespace, Optional<NamespaceBytes>> devices) {
        PhysRange range = PhysRange.ofSize(ns.resource().getAsLong(), ns.size());
        Optional<NdBus.Claim> claim = ns.holder().isBlank() ? Optional.empty() : bus.claim(ns.holder().strip());
        if (claim.isPresent() && claim.get().isBtt()) {
            return PmemNamespace.withoutMetadata(ns.name(), region, range, NamespaceMode.SECTOR, Optional.empty());
        }
        if (claim.isPresent() && (claim.get().isPfn() || claim.get().isDax())) {
            NdBus.Claim c = claim.get();
            NamespaceMode mode = c.isPfn() ? NamespaceMode.FSDAX : NamespaceMode.DEVDAX;
            Optional<PfnMode> memmap = c.mode().filter(m -> m != PfnMode.NONE);
            if (c.resource().isEmpty() || memmap.isEmpty()) {
                return PmemNamespace.withoutMetadata(ns.name(), region, range, mode, Optional.of(ns.name() + ": "
                        + c.name() + " claims it but is not enabled, so sysfs gives no data offset"));
            }
            long data = c.resource().getAsLong();
            if (!range.contains(data) || data - range.start() < PfnInfoBlock.RESERVED) {
                return PmemNamespace.withoutMetadata(ns.name(), region, range, mode, Optional.of(String.format(
                        "%s: %s/resource 0x%x is not past the first 0x%x bytes of the namespace %s", ns.name(), c.name(),
                        data, PfnInfoBlock.RESERVED, range)));
            }
            return PmemNamespace.withMetadata(ns.name(), region, range, mode, memmap.get(), data);
        }
        Optional<NamespaceBytes> device = devices.apply(ns);
        if (device.isEmpty()) {
            return PmemNamespace.withoutMetadata(ns.name(), region, range, NamespaceMode.RAW, Optional.empty());
        }
        return fromInfoBlock(ns.name(), region, range, uuid(ns.uuid()), device.get(), Optional.empty());
    }

    /**
     * The namespace as its info block describes it, read from {@code device}.
     *
     * @param expected the mode the namespace must have (a recorded layout's), if known: a block without
     *                 the matching signature is then a problem, not a raw namespace
     */
    public static PmemNamespace fromInfoBlock(String name, String region, PhysRange range, byte[] namespaceUuid,
            NamespaceBytes device, Optional<NamespaceMode> expected) {
        byte[] block;
        try {
            block = device.readFully(PfnInfoBlock.OFFSET, PfnInfoBlock.SIZE);
        } catch (IOException e) {
            return PmemNamespace.withoutMetadata(name, region, range, expected.orElse(NamespaceMode.RAW),
                    Optional.of(name + ": offset 0x" + Long.toHexString(PfnInfoBlock.OFFSET) + ": cannot read the info block: "
                            + e.getMessage()));
        }
        Optional<InfoBlockSignature> signature = InfoBlockSignature.of(java.util.Arrays.copyOf(block, InfoBlockSignature.LENGTH));
        boolean wantsPfn = expected.map(NamespaceMode::hasMemmap).orElse(false);
        if (signature.isEmpty() && !wantsPfn) {
            return PmemNamespace.withoutMetadata(name, region, range, expected.orElse(NamespaceMode.RAW), Optional.empty());
        }
        if (signature.equals(Optional.of(InfoBlockSignature.BTT)) && !wantsPfn) {
            return PmemNamespace.withoutMetadata(name, region, range, NamespaceMode.SECTOR, Optional.empty());
        }
        NamespaceMode mode = expected.orElseGet(() -> NamespaceMode.of(signature.get()));
        try {
            PfnInfoBlock info = PfnInfoBlock.read(block, name, range.size(), namespaceUuid);
            NamespaceMode found = NamespaceMode.of(info.signature());
            if (expected.isPresent() && expected.get() != found) {
                return PmemNamespace.withoutMetadata(name, region, range, mode, Optional.of(String.format(
                        "%s: offset 0x%x: expected the info block of an %s namespace, found %s's signature",
                        name, PfnInfoBlock.OFFSET, expected.get().ndctlName(), found.ndctlName())));
            }
            return PmemNamespace.withMetadata(name, region, range, found, info.mode(),
                    range.start() + info.startPad() + info.dataOffset());
        } catch (FormatException e) {
            return PmemNamespace.withoutMetadata(name, region, range, mode, Optional.of(e.getMessage()));
        }
    }

    /**
     * A recorded namespace checked against the info block its device holds now: the same data start
     * and memmap, or the namespace without metadata and the reason.
     */
    public static PmemNamespace verify(PmemNamespace recorded, byte[] namespaceUuid, NamespaceBytes device) {
        if (!recorded.mode().hasMemmap() || recorded.problem().isPresent()) {
            return recorded;
        }
        PmemNamespace now = fromInfoBlock(recorded.name(), recorded.region(), recorded.range(), namespaceUuid, device,
                Optional.of(recorded.mode()));
        if (now.problem().isPresent()) {
            return now;
        }
        if (!now.dataStart().equals(recorded.dataStart()) || now.memmap() != recorded.memmap()) {
            return PmemNamespace.withoutMetadata(recorded.name(), recorded.region(), recorded.range(), recorded.mode(),
                    Optional.of(String.format("%s: offset 0x%x: the info block on %s says data at 0x%x, memmap %s; the"
                            + " recorded layout says 0x%x, %s", recorded.name(), PfnInfoBlock.OFFSET, device.name(),
                            now.dataStart().getAsLong(), now.memmap().sysfsName(), recorded.dataStart().getAsLong(),
                            recorded.memmap().sysfsName())));
        }
        return recorded;
    }

    /** A sysfs uuid (%pUb) as 16 bytes; all zero when absent or empty (label-less namespaces: uuid_null). */
    public static byte[] uuid(Optional<String> text) {
        String hex = text.map(t -> t.strip().replace("-", "")).orElse("");
        if (hex.length() != 32) {
            return new byte[16];
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[16];
        }
    }
}
