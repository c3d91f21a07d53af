package org.kexkit.dump.source;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * The header facts makedumpfile takes from the crashed kernel: its utsname
 * (read from init_uts_ns in the dump, as makedumpfile does), the crash time
 * (CRASHTIME) and phys_base (NUMBER(phys_base)).
 */
public record DumpIdentity(Utsname utsname, long crashTime, long physBase) {
    /** __START_KERNEL_map: kernel image virtual base on x86-64. */
    static final long START_KERNEL_MAP = 0xffffffff80000000L;
    /** Before kernel 5.11 (and OFFSET(uts_namespace.name)) a struct kref (one int) preceded the name. */
    static final int LEGACY_NAME_OFFSET = 4;

    public static DumpIdentity of(VmcoreSource vmcore) throws IOException, FormatException {
        Optional<VmcoreInfo> info = vmcore.vmcoreInfo();
        long physBase = info.map(i -> i.number("phys_base")).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).orElse(0L);
        long crashTime = info.map(VmcoreInfo::crashTime).filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong).orElse(0L);
        String release = info.flatMap(VmcoreInfo::osRelease).orElse("");
        Utsname fallback = new Utsname("Linux", "", release, "", "x86_64", "");
        Utsname uts = info.isPresent() ? readUtsname(vmcore, info.get(), physBase).orElse(fallback) : fallback;
        return new DumpIdentity(uts, crashTime, physBase);
    }

    private static Optional<Utsname> readUtsname(VmcoreSource vmcore, VmcoreInfo info, long physBase)
            throws IOException, FormatException {
        OptionalLong symbol = info.symbol("init_uts_ns");
        if (symbol.isEmpty() || Long.compareUnsigned(symbol.getAsLong(), START_KERNEL_MAP) < 0) {
            return Optional.empty();
        }
        long base = symbol.getAsLong() - START_KERNEL_MAP + physBase;
        OptionalLong exported = info.offset("uts_namespace.name");
        long[] candidates = exported.isPresent() ? new long[] {exported.getAsLong()} : new long[] {0, LEGACY_NAME_OFFSET};
        byte[] raw = new byte[Utsname.SIZE];
        try (SourcePhysicalMemory memory = new SourcePhysicalMemory(vmcore, SourcePhysicalMemory.Excluded.ZERO)) {
            for (long offset : candidates) {
                if (memory.read(base + offset, raw, 0, raw.length)) {
                    Utsname uts = Utsname.fromBytes(raw);
                    if (uts.sysname().equals("Linux")) {
                        return Optional.of(uts);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
