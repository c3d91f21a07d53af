package org.kexkit.dump.elf;

import org.kexkit.dump.write.DumpStatistics;

/**
 * What an ELF dump run did: the usual statistics, plus the pages really left
 * out of the file (makedumpfile's "in ELF format" lines: runs of fewer than 256
 * excluded pages are still written).
 *
 * @param elfExcludedPages excluded pages not in the file (pfn_elf_excluded)
 * @param loads            PT_LOADs written
 */
public record ElfDumpResult(DumpStatistics statistics, long elfExcludedPages, int loads) {
}
