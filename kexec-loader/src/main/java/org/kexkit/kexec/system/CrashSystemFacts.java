package org.kexkit.kexec.system;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.NoteLocation;

/**
 * Everything a kexec_load crash load reads from the running system, as plain
 * values (see {@link CrashSystemReader} for where each comes from).
 *
 * @param vmcoreInfo           /sys/kernel/vmcoreinfo; empty without CONFIG_CRASH_CORE
 * @param crashSize            /sys/kernel/kexec_crash_size
 * @param crashElfcorehdrSize  /sys/kernel/crash_elfcorehdr_size; empty without CONFIG_CRASH_HOTPLUG
 * @param directMapBase        page_offset_base, from the /proc/kcore program headers
 * @param efiSystemTable       /sys/firmware/efi/systab; empty on BIOS boots
 * @param crashCmaRanges       the crashkernel=SIZE,cma areas (/sys/kernel/kexec_crash_cma_ranges); empty without
 */
public record CrashSystemFacts(
        IomemTree iomem,
        List<FirmwareMemmapEntry> firmwareMemmap,
        Optional<NoteLocation> vmcoreInfo,
        List<Integer> possibleCpus,
        List<Integer> presentCpus,
        List<CpuCrashNote> cpuCrashNotes,
        String cmdline,
        OptionalLong crashSize,
        OptionalLong crashElfcorehdrSize,
        KernelSymbols kernelSymbols,
        long directMapBase,
        Optional<EfiSystemTable> efiSystemTable,
        List<PhysRange> crashCmaRanges) {

    public CrashSystemFacts {
        firmwareMemmap = List.copyOf(firmwareMemmap);
        possibleCpus = List.copyOf(possibleCpus);
        presentCpus = List.copyOf(presentCpus);
        cpuCrashNotes = List.copyOf(cpuCrashNotes);
        crashCmaRanges = List.copyOf(crashCmaRanges);
    }
}
