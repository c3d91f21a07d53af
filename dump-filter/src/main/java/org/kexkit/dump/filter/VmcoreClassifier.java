package org.kexkit.dump.filter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.DumpException;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.source.PfnRun;
import org.kexkit.dump.source.SourcePhysicalMemory;
import org.kexkit.dump.source.VmcoreSource;

/**
 * Classifies every page of an open vmcore (ELF, or a kdump file filtered
 * again) at a dump level, from its VMCOREINFO alone.
 */
public final class VmcoreClassifier {
    private VmcoreClassifier() {
    }

    public static PageClassification classify(VmcoreSource vmcore, DumpLevel level)
            throws IOException, FormatException, DumpException {
        return classify(vmcore, level, vmcore.memory().runs());
    }

    /** The same for some of the vmcore's pfns only (not pmem, whose pages the pmem layout decides). */
    public static PageClassification classify(VmcoreSource vmcore, DumpLevel level, List<PfnRun> runs)
            throws IOException, FormatException, DumpException {
        return classify(vmcore, level, runs, PageVotes.NONE, PageScanner.DEFAULT_WINDOW);
    }

    /** The same with extensions' votes on each page (see {@link PageVotes} for their precedence). */
    public static PageClassification classify(VmcoreSource vmcore, DumpLevel level, List<PfnRun> runs, PageVotes votes)
            throws IOException, FormatException, DumpException {
        return classify(vmcore, level, runs, votes, PageScanner.DEFAULT_WINDOW);
    }

    /**
     * As {@link #classify(VmcoreSource, DumpLevel, List)} a window of {@code windowPfns} at a time. The result
     * reads {@code vmcore} again for each pass when there is more than one window: close it before the source.
     */
    static PageClassification classify(VmcoreSource vmcore, DumpLevel level, List<PfnRun> runs, PageVotes votes,
            long windowPfns)
            throws IOException, FormatException, DumpException {
        VmcoreInfoLocation where = where(vmcore, level);
        SourcePhysicalMemory memory = new SourcePhysicalMemory(vmcore);
        try {
            KernelMemoryModel model = KernelMemoryModel.of(memory, vmcore.directMapBase(), where, vmcore.pageSize());
            return new PageScanner(model, vmcore.memory().maxMapnr(), vmcore.pageSize())
                    .scan(runs, level, votes, windowPfns, memory);
        } catch (IOException | FormatException | RuntimeException e) {
            memory.close();
            throw e;
        }
    }

    /** The struct page fields of some pfns, one line each: for finding out why two filters disagree. */
    public static List<String> describe(VmcoreSource vmcore, long... pfns)
            throws IOException, FormatException, DumpException {
        VmcoreInfoLocation where = where(vmcore, new DumpLevel(DumpLevel.PAGE_CLASSES));
        StructPageLayout layout = StructPageLayout.of(where);
        List<String> out = new ArrayList<>();
        try (SourcePhysicalMemory memory = new SourcePhysicalMemory(vmcore)) {
            KernelMemoryModel model = KernelMemoryModel.of(memory, vmcore.directMapBase(), where, vmcore.pageSize());
            byte[] two = new byte[2 * layout.size()];
            for (long pfn : pfns) {
                OptionalLong at = model.memMap().structPage(pfn);
                boolean ok = at.isPresent() && model.space().read(at.getAsLong(), two, 0, two.length);
                out.add(String.format("pfn 0x%x: %s", pfn, ok ? new StructPageView(layout).at(two, 0, true).describe()
                        + String.format(" next.flags=0x%x", new StructPageView(layout).at(two, 0, true).nextFlags())
                        : "no struct page"));
            }
        }
        return out;
    }

    private static VmcoreInfoLocation where(VmcoreSource vmcore, DumpLevel level) throws DumpException {
        return vmcore.vmcoreInfoLocation().orElseThrow(() -> new DumpException(vmcore.name()
                + ": no VMCOREINFO note, so pages cannot be classified for dump level " + level.value()));
    }
}
