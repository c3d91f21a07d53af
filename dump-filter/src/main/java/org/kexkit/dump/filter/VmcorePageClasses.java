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
        VmcoreInfoLocation where = where(vmcore, level);
        try (ElfPhysicalMemory memory = new ElfPhysicalMemory(vmcore)) {
            KernelMemoryModel model = KernelMemoryModel.of(memory, vmcore.core().loads(), where, vmcore.pageSize());
            return new PageScanner(model, vmcore.memory().maxMapnr(), vmcore.pageSize())
                    .scan(vmcore.memory().runs(), level);
        }
    }

    /** The struct page fields of some pfns, one line each: for finding out why two filters disagree. */
    public static java.util.List<String> describe(ElfVmcore vmcore, long... pfns)
            throws IOException, FormatException, DumpException {
        VmcoreInfoLocation where = where(vmcore, new DumpLevel(DumpLevel.MAX));
        StructPageLayout layout = StructPageLayout.of(where);
        java.util.List<String> out = new java.util.ArrayList<>();
        try (ElfPhysicalMemory memory = new ElfPhysicalMemory(vmcore)) {
            KernelMemoryModel model = KernelMemoryModel.of(memory, vmcore.core().loads(), where, vmcore.pageSize());
            byte[] two = new byte[2 * layout.size()];
            for (long pfn : pfns) {
                java.util.OptionalLong at = model.memMap().structPage(pfn);
                boolean ok = at.isPresent() && model.space().read(at.getAsLong(), two, 0, two.length);
                out.add(String.format("pfn 0x%x: %s", pfn, ok ? new StructPageView(layout).at(two, 0, true).describe()
                        + String.format(" next.flags=0x%x", new StructPageView(layout).at(two, 0, true).nextFlags())
                        : "no struct page"));
            }
        }
        return out;
    }

    private static VmcoreInfoLocation where(ElfVmcore vmcore, DumpLevel level) throws DumpException {
        if (vmcore.vmcoreInfo().isEmpty() || vmcore.core().vmcoreInfoNote().isEmpty()) {
            throw new DumpException(vmcore.path() + ": no VMCOREINFO note, so pages cannot be classified for dump level "
                    + level.value());
        }
        return new VmcoreInfoLocation(vmcore.vmcoreInfo().get(), vmcore.path().toString(),
                vmcore.core().vmcoreInfoNote().get().descOffset());
    }
}
