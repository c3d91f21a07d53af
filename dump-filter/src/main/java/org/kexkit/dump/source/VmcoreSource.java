package org.kexkit.dump.source;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.elf.ElfVmcore;
import org.kexkit.dump.kdump.KdumpVmcore;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * A crashed kernel's memory as the dump writers and the page classifier need
 * it, whatever file holds it: an ELF vmcore ({@link ElfVmcore}) or an already
 * filtered kdump-compressed dump ({@link KdumpVmcore}). In makedumpfile's terms
 * {@link #memory()} is the 1st bitmap (pfns backed by memory) and
 * {@link #excluded(long)} the pfns the source no longer holds (its 2nd bitmap
 * is clear there), which stay out of any dump made from it.
 */
public interface VmcoreSource extends AutoCloseable {
    /** The file name, for messages. */
    String name();

    int pageSize();

    /** Backed pfns (makedumpfile's 1st bitmap) and max_mapnr. */
    PhysicalMemoryMap memory();

    /**
     * True for a backed pfn whose content the source does not hold: excluded
     * when the source was filtered, or beyond a PT_LOAD's file data
     * (makedumpfile exclude_nodata_pages). Such a page is never dumped again.
     */
    boolean excluded(long pfn);

    /** The dump level the source was filtered with (kdump_sub_header.dump_level), 0 for an ELF vmcore. */
    int dumpLevel();

    /** The PT_NOTE contents (a kdump file keeps a copy of them). */
    byte[] noteBytes() throws IOException;

    /**
     * The eraseinfo text of a dump erased before (kdump_sub_header offset/size_eraseinfo), which a
     * dump filtered from it keeps before its own lines, as makedumpfile does; empty for an ELF vmcore.
     */
    default byte[] eraseInfo() throws IOException {
        return new byte[0];
    }

    /** Where the VMCOREINFO text sits inside {@link #noteBytes()}. */
    Optional<NoteSpan> vmcoreInfoInNotes();

    Optional<VmcoreInfo> vmcoreInfo();

    /** VMCOREINFO with its place in the file, for one-line errors at the bad entry. */
    Optional<VmcoreInfoLocation> vmcoreInfoLocation();

    /** Number of CPUs (NT_PRSTATUS notes, or disk_dump_header.nr_cpus). */
    int cpuCount();

    /** utsname, crash time and phys_base for the kdump header. */
    DumpIdentity identity() throws IOException, FormatException;

    /**
     * The start of the kernel's direct map if the file records it (an ELF
     * vmcore's PT_LOADs: p_vaddr - p_paddr); empty for formats without PT_LOADs.
     */
    OptionalLong directMapBase();

    /**
     * A reader of whole pages for one thread.
     *
     * @param map read through mapped windows where the source allows it
     */
    PageReader pageReader(boolean map) throws IOException;

    /**
     * Why {@code length} bytes at a physical address are not in this source, for one-line errors
     * of readers to whom missing memory is fatal.
     */
    default String absenceText(int length) {
        return String.format("not in the dump (a memory hole, or a page the dump left out; 0x%x bytes)", length);
    }

    @Override
    void close() throws IOException;

    /** Reads pages of a source; one per thread, sequential pfns are cheapest. */
    interface PageReader extends AutoCloseable {
        /**
         * Copies page {@code pfn} into {@code dst} at {@code at}.
         *
         * @throws IOException if the source cannot give it (not backed, excluded, unreadable or corrupt)
         */
        void read(long pfn, byte[] dst, int at) throws IOException;

        @Override
        void close();
    }
}
