package org.kexkit.dump.filter;

import java.io.IOException;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.kdump.ElfPhysicalMemory;
import org.kexkit.dump.kdump.ElfVmcore;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;

/** Classifies every page of an open ELF vmcore at a dump level, from its VMCOREINFO alone. */
public final class VmcorePageClasses {
    private VmcorePageClasses() {
    }

    public static PageClassification classify(ElfVmcore vmcore, DumpLevel level)
            throws IOException, FormatException, DumpException {
        if (vmcore.vmcoreInfo().isEmpty() || vmcore.core().vmcoreInfoNote().isEmpty()) {
            throw new DumpException(vmcore.path() + ": no VMCOREINFO note, so pages cannot be classified for dump level "
                    + level.value());
        }
        VmcoreInfoLocation where = new VmcoreInfoLocation(vmcore.vmcoreInfo().get(), vmcore.path().toString(),
                vmcore.core().vmcoreInfoNote().get().descOffset());
        try (ElfPhysicalMemory memory = new ElfPhysicalMemory(vmcore)) {
            KernelMemoryModel model = KernelMemoryModel.of(memory, vmcore.core().loads(), where, vmcore.pageSize());
            return new PageScanner(model, vmcore.memory().maxMapnr(), vmcore.pageSize())
                    .scan(vmcore.memory().runs(), level);
        }
    }
}
