package org.kexkit.kexec.crash;

import org.kexkit.elfcore.CrashElfHeaderBuilder;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.system.CpuCrashNote;
import org.kexkit.kexec.system.CrashSystemFacts;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.PmemLayoutNote;

/**
 * Fills a {@link CrashElfHeaderBuilder} from what the running system says:
 * one PT_NOTE per CPU crash_notes, the VMCOREINFO note, the kernel text load,
 * the RAM of {@link DumpRanges}, the persistent memory as PF_DEV loads with
 * kexkit's layout note (which says which of it is metadata), and optionally
 * hotplug room.
 */
public final class CrashHeaderFactory {
    private CrashHeaderFactory() {
    }

    /**
     * @param pmem        the persistent memory: its ranges become PF_DEV loads and its layout a note
     * @param hotplug     reserve room for the kernel to rewrite the header on
     *                    CPU/memory hotplug, sized from /sys/kernel/crash_elfcorehdr_size
     */
    public static CrashElfHeaderBuilder builder(CrashSystemFacts facts, PmemLayout pmem, boolean hotplug)
            throws KexecException {
        if (facts.cpuCrashNotes().isEmpty()) {
            throw new KexecException("no CPU has /sys/devices/system/cpu/cpuN/crash_notes:"
                    + " the kernel was built without crash dump support");
        }
        CrashElfHeaderBuilder builder = new CrashElfHeaderBuilder()
                .cpuNotes(facts.cpuCrashNotes().stream().map(CpuCrashNote::note).toList())
                .vmcoreInfo(facts.vmcoreInfo().orElseThrow(() -> new KexecException(
                        "/sys/kernel/vmcoreinfo is missing: the kernel was built without CONFIG_CRASH_CORE")))
                .kernelText(KernelTextLocator.locate(facts.iomem(), facts.kernelSymbols()))
                .ramRanges(DumpRanges.ramToDump(facts.iomem(), facts.crashCmaRanges()))
                .directMapBase(facts.directMapBase());
        if (!pmem.isEmpty()) {
            builder.pmemRanges(pmem.pmemRanges()).ownNotes(PmemLayoutNote.encode(pmem));
        }
        if (hotplug) {
            long size = facts.crashElfcorehdrSize().orElseThrow(() -> new KexecException(
                    "/sys/kernel/crash_elfcorehdr_size is missing: the kernel has no CONFIG_CRASH_HOTPLUG"));
            builder.spareProgramHeaders(
                    CrashElfHeaderBuilder.spareSlotsForHotplug(size, builder.programHeaders(0).size()));
        }
        return builder;
    }
}
