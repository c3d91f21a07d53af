package org.kexkit.dump.filter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Optional;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.kdump.KdumpDumper;
import org.kexkit.dump.kdump.KdumpOptions;
import org.kexkit.dump.kdump.KdumpWriter;
import org.kexkit.dump.write.DumpStatistics;

/**
 * Run in a JVM of its own by {@link TerabyteVmcoreTest} with a small heap: classifies VMCORE at
 * -d 31, writes it as a kdump file to OUT and prints what it counted and the heap's peak.
 */
public final class TerabyteDumpMain {
    private TerabyteDumpMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ElfVmcore v = ElfVmcore.open(Path.of(args[0]));
                PageClassification c = VmcoreClassifier.classify(v, new DumpLevel(31))) {
            DumpStatistics s = new KdumpDumper(new KdumpWriter(new KdumpOptions(Optional.empty(), 31, 2, c)))
                    .toFile(v, Path.of(args[1]), false);
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("peak " + peak + " windows " + c.windowsClassified() + " max_mapnr " + s.maxMapnr()
                    + " backed " + s.backedPages() + " written " + s.writtenPages() + " excluded "
                    + (s.excludedPages() - s.excluded(ExclusionClass.ZERO)) + " free " + s.excluded(ExclusionClass.FREE)
                    + " user " + s.excluded(ExclusionClass.USER) + " nostruct " + c.noStructPage());
        }
    }
}
