package org.kexkit.cli;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.kho.KhoRoot;
import org.kexkit.kho.PreservedMemoryMapReader;
import org.kexkit.kho.PreservedRange;
import org.kexkit.kho.SubtreeContent;
import org.kexkit.kho.fdt.FdtBlob;

/**
 * What `kexkit kho show` found in a file or a debugfs directory, one case per kind of input;
 * {@link KhoViewText} and {@link KhoViewJson} print it.
 */
sealed interface KhoView {
    /** The file or directory shown, for the heading and JSON's "file". */
    String source();

    /** Known faults of the debugfs view this came from, one line each. */
    List<String> faults();

    /**
     * A KHO root FDT, the blobs found beside it (when a sub_fdts/ was looked for) and, when asked
     * for, its preserved memory.
     */
    record Root(String source, FdtBlob fdt, KhoRoot root, Map<String, SubtreeContent> contents,
            boolean blobsLookedFor, List<String> faults, Optional<Preserved> preserved) implements KhoView {
        public Root {
            contents = Collections.unmodifiableMap(new LinkedHashMap<>(contents));
            faults = List.copyOf(faults);
        }

        Root withPreserved(Preserved walked) {
            return new Root(source, fdt, root, contents, blobsLookedFor, faults, Optional.of(walked));
        }
    }

    /** One subtree blob; a memblock blob is an FDT and is shown as one too. */
    record Subtree(String source, Optional<FdtBlob> fdt, String name, SubtreeContent content, List<String> faults)
            implements KhoView {
        public Subtree {
            faults = List.copyOf(faults);
        }
    }

    /** Subtree files without a readable root FDT (7.2.13's cut or missing kho/out/fdt): no addresses. */
    record SubtreesOnly(String source, List<SubtreeFile> files, List<String> faults) implements KhoView {
        public SubtreesOnly {
            files = List.copyOf(files);
            faults = List.copyOf(faults);
        }
    }

    /** An FDT that is neither a KHO root nor a subtree kexkit knows. */
    record PlainFdt(String source, FdtBlob fdt, List<String> faults) implements KhoView {
        public PlainFdt {
            faults = List.copyOf(faults);
        }
    }

    /** A subtree file of a debugfs sub_fdts/ directory: its name, size and meaning. */
    record SubtreeFile(String name, int size, SubtreeContent content) {
    }

    /** What the preserved-memory map held in a core's memory: its blocks, joined into ranges. */
    record Preserved(String core, int blocks, List<PreservedRange> ranges) {
        public Preserved {
            ranges = List.copyOf(ranges);
        }

        /** Walks the root's map in {@code memory}, the memory of the kernel that wrote it. */
        static Preserved walk(String core, PhysicalMemory memory, KhoRoot root) throws FormatException, IOException {
            var blocks = PreservedMemoryMapReader.read(memory, core + ": physical memory", root.generation(),
                    root.preservedMemoryMap());
            return new Preserved(core, blocks.size(), PreservedRange.merge(blocks));
        }

        long bytes() {
            return ranges.stream().mapToLong(PreservedRange::size).sum();
        }
    }
}
