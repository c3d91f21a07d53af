package org.kexkit.dump.write;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kexkit.dump.filter.ExclusionClass;

/**
 * What a dump run did, in makedumpfile's print_report terms, plus what it
 * could not do: pages the source would not give (skipped), and whether the
 * file is complete.
 *
 * @param maxMapnr        pfns from 0 to the highest PT_LOAD end ("Total pages")
 * @param backedPages     pfns inside some PT_LOAD ("Original pages")
 * @param excluded        excluded pages per class (ZERO counts deduplicated zero pages)
 * @param unreadablePages pages skipped because the source could not be read there (a seekable
 *                        dump with any stays marked incomplete: it lacks pages it meant to hold)
 * @param unreadableSample the first few of those pfns, for the report
 * @param writtenPages    descriptors written (dumped pages, zero pages included)
 * @param writeBytes      bytes written to the dump ("Write bytes")
 * @param complete        false if the run stopped early and the file is marked incomplete
 * @param seconds         wall time of the run
 */
public record DumpStatistics(long maxMapnr, long backedPages, Map<ExclusionClass, Long> excluded,
        long unreadablePages, List<Long> unreadableSample, long writtenPages, long writeBytes, boolean complete,
        double seconds) {

    public DumpStatistics {
        excluded = Map.copyOf(excluded.isEmpty() ? new EnumMap<>(ExclusionClass.class) : excluded);
        unreadableSample = List.copyOf(unreadableSample);
    }

    /** The file says incomplete: the run stopped early, or pages could not be read and are missing. */
    public boolean markedIncomplete() {
        return !complete || unreadablePages > 0;
    }

    public long excluded(ExclusionClass type) {
        return excluded.getOrDefault(type, 0L);
    }

    /** "Excluded pages": the sum of the classes. */
    public long excludedPages() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }

    /** "Remaining pages". */
    public long remainingPages() {
        return backedPages - excludedPages();
    }

    /** "Memory Hole". */
    public long memoryHolePages() {
        return maxMapnr - backedPages;
    }

    /** The integer percentage makedumpfile prints: remaining * 100 / original. */
    public long remainingPercent() {
        return backedPages == 0 ? 0 : remainingPages() * 100 / backedPages;
    }
}
