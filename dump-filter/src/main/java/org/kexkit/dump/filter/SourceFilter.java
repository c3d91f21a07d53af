package org.kexkit.dump.filter;

import org.kexkit.dump.source.VmcoreSource;
/**
 * The filter a dump is written with: the dump level's classes first (so a page
 * is counted in its class even when the source had already dropped it, as
 * makedumpfile counts on re-filtering), then the pages the source does not
 * hold, which no level can bring back.
 */
public final class SourceFilter {
    private SourceFilter() {
    }

    public static PageFilter of(VmcoreSource source, PageFilter level) {
        return new Combined(source, level);
    }

    private record Combined(VmcoreSource source, PageFilter level) implements PageFilter {
        @Override
        public ExclusionClass exclusion(long pfn) {
            ExclusionClass why = level.exclusion(pfn);
            if (why != ExclusionClass.NONE) {
                return why;
            }
            return source.excluded(pfn) ? ExclusionClass.NOT_IN_SOURCE : ExclusionClass.NONE;
        }

        @Override
        public void exclusions(long from, int count, ExclusionClass[] into) {
            level.exclusions(from, count, into);
            for (int i = 0; i < count; i++) {
                if (into[i] == ExclusionClass.NONE && source.excluded(from + i)) {
                    into[i] = ExclusionClass.NOT_IN_SOURCE;
                }
            }
        }
    }
}
