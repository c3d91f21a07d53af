package org.kexkit.pmem;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;

/**
 * One namespace of a pmem region and how a dump treats its bytes.
 *
 * <p>An fsdax or devdax namespace keeps, before its user data, what no user wrote: the labels and
 * the info block in its first 8 KiB, then (memmap on the device) the struct page array of the whole
 * namespace and alignment padding up to the data. kexkit calls all of
 * {@code [start, dataStart)} the namespace's metadata: it is what a dump keeps. Everything else,
 * and every byte of a raw or sector namespace, is user data, never dumped. A namespace whose info
 * block could not be trusted has no metadata: {@link #problem()} says why, in one line naming the
 * namespace and the offset, and all of it counts as user data.
 *
 * @param name      namespaceX.Y (or a name made up for pmem outside any namespace)
 * @param region    regionX
 * @param range     the namespace's physical range (its resource and size)
 * @param mode      what the namespace is used as
 * @param memmap    where its struct pages are: RAM, PMEM (on the device), or NONE
 * @param dataStart the physical start of the user data (fsdax and devdax only)
 * @param problem   why the metadata is unknown, if it is
 */
public record PmemNamespace(String name, String region, PhysRange range, NamespaceMode mode, PfnMode memmap,
        OptionalLong dataStart, Optional<String> problem) {
    public PmemNamespace {
        if (dataStart.isPresent() && !range.contains(dataStart.getAsLong())) {
            throw new IllegalArgumentException(name + ": data start 0x" + Long.toHexString(dataStart.getAsLong())
                    + " lies outside " + range);
        }
        if (dataStart.isPresent() != (mode.hasMemmap() && problem.isEmpty())) {
            throw new IllegalArgumentException(name + ": a data start goes with an fsdax or devdax namespace"
                    + " whose info block was read");
        }
    }

    /** A namespace with no metadata: raw, sector, or one whose info block is corrupt. */
    public static PmemNamespace withoutMetadata(String name, String region, PhysRange range, NamespaceMode mode,
            Optional<String> problem) {
        return new PmemNamespace(name, region, range, mode, PfnMode.NONE, OptionalLong.empty(), problem);
    }

    /** An fsdax or devdax namespace with its data start. */
    public static PmemNamespace withMetadata(String name, String region, PhysRange range, NamespaceMode mode,
            PfnMode memmap, long dataStart) {
        return new PmemNamespace(name, region, range, mode, memmap, OptionalLong.of(dataStart), Optional.empty());
    }

    /** {@code [start, dataStart)}: labels, info block, memmap (on the device) and padding. */
    public Optional<PhysRange> metadata() {
        if (dataStart.isEmpty() || dataStart.getAsLong() == range.start()) {
            return Optional.empty();
        }
        return Optional.of(new PhysRange(range.start(), dataStart.getAsLong()));
    }

    /** Everything but the metadata. */
    public List<PhysRange> userData() {
        return metadata().map(m -> range.minus(m)).orElse(List.of(range));
    }

    public long metadataBytes() {
        return metadata().map(PhysRange::size).orElse(0L);
    }

    public long userDataBytes() {
        return range.size() - metadataBytes();
    }

    /** True when the struct pages themselves are on the device (ndctl --map=dev). */
    public boolean memmapOnDevice() {
        return memmap == PfnMode.PMEM && metadata().isPresent();
    }

    /** The dump cases this namespace has: none for a namespace without a memmap. */
    public List<DumpCase> cases() {
        List<DumpCase> out = new ArrayList<>();
        if (memmap == PfnMode.RAM) {
            out.add(DumpCase.A);
            out.add(DumpCase.C);
        } else if (memmap == PfnMode.PMEM) {
            out.add(DumpCase.B);
            out.add(DumpCase.D);
        }
        return out;
    }
}
