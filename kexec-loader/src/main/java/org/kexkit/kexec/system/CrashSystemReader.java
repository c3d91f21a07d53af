package org.kexkit.kexec.system;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfCoreReader;
import org.kexkit.elfcore.NoteLocation;
import org.kexkit.kexec.KexecException;
import org.kexkit.kexec.KexecSystemReader;
import org.kexkit.pmem.PmemLayout;
import org.kexkit.pmem.system.PmemSystemReader;

/**
 * Reads the /proc and /sys files of a crash load (REFERENCE 4.2) under a
 * {@link Sysroot} and returns plain values. Parse failures are one-line
 * {@link FormatException}s naming the file and the line or offset; a missing
 * optional file is an empty value; a missing required file is the
 * {@link java.nio.file.NoSuchFileException} naming it.
 */
public final class CrashSystemReader {
    static final String IOMEM = "proc/iomem";
    static final String FIRMWARE_MEMMAP = "sys/firmware/memmap";
    static final String VMCOREINFO = "sys/kernel/vmcoreinfo";
    static final String CRASH_ELFCOREHDR_SIZE = "sys/kernel/crash_elfcorehdr_size";
    static final String CPU_DIR = "sys/devices/system/cpu";
    static final String KALLSYMS = "proc/kallsyms";
    static final String KCORE = "proc/kcore";
    /** The first bytes of /proc/kcore, as recorded into a sysroot copy (the real file is as large as the address space). */
    static final String KCORE_HEAD = "proc/kcore.head";
    static final String EFI_SYSTAB = "sys/firmware/efi/systab";
    /** MAX_NOTE_BYTES in kexec-tools kexec/crashdump.c: the size assumed when crash_notes_size is absent (kernels before 4.x). */
    static final long DEFAULT_CRASH_NOTES_SIZE = 1024;

    private final Sysroot root;

    public CrashSystemReader(Sysroot root) {
        this.root = root;
    }

    public CrashSystemReader(Path root) {
        this(new Sysroot(root));
    }

    /** Reads everything a crash load needs; required files must exist. */
    public CrashSystemFacts readAll() throws IOException, FormatException, KexecException {
        KexecSystemReader kexec = new KexecSystemReader(root.root());
        return new CrashSystemFacts(iomem(), firmwareMemmap().orElse(List.of()), vmcoreInfo(), possibleCpus(),
                presentCpus(), cpuCrashNotes(), kexec.procCmdline(), kexec.crashSize(), crashElfcorehdrSize(),
                kernelSymbols(), directMapBase(), efiSystemTable(), kexec.crashCmaRanges());
    }

    public IomemTree iomem() throws IOException, FormatException, KexecException {
        return IomemParser.parse(root.text(IOMEM), root.name(IOMEM));
    }

    /**
     * The persistent memory and its namespaces (/sys/bus/nd, and the info block of namespaces that
     * drive their own block device, under the same root); {@link PmemLayout#NONE} without pmem.
     */
    public PmemLayout pmemLayout(IomemTree iomem) throws IOException, FormatException {
        if (iomem.pmemResources().isEmpty()) {
            return PmemLayout.NONE;
        }
        try (PmemSystemReader pmem = new PmemSystemReader(root.root())) {
            return pmem.layout(iomem.pmemResources());
        }
    }

    /** /sys/firmware/memmap/N/{start,end,type} in N order; empty when the directory is absent. */
    public Optional<List<FirmwareMemmapEntry>> firmwareMemmap() throws IOException, FormatException {
        Path dir = root.path(FIRMWARE_MEMMAP);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Integer> indexes = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.matches("\\d+")) {
                    indexes.add(Integer.parseInt(name));
                }
            }
        }
        indexes.sort(null);
        List<FirmwareMemmapEntry> out = new ArrayList<>();
        for (int index : indexes) {
            String base = FIRMWARE_MEMMAP + "/" + index + "/";
            long start = SysfsValues.hex(root.text(base + "start"), root.name(base + "start"), "start");
            long end = SysfsValues.hex(root.text(base + "end"), root.name(base + "end"), "end");
            if (Long.compareUnsigned(start, end) > 0) {
                throw new FormatException(root.name(base + "end"), 0, "expected an end at or above start 0x"
                        + Long.toHexString(start) + ", found 0x" + Long.toHexString(end));
            }
            out.add(new FirmwareMemmapEntry(index, PhysRange.inclusive(start, end), root.text(base + "type").strip()));
        }
        return Optional.of(out);
    }

    /** /sys/kernel/vmcoreinfo, "%pa %x\n": the VMCOREINFO note's physical address and size, both hex. */
    public Optional<NoteLocation> vmcoreInfo() throws IOException, FormatException {
        Optional<String> text = root.optionalText(VMCOREINFO);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String source = root.name(VMCOREINFO);
        String[] fields = text.get().strip().split("\\s+");
        if (fields.length != 2) {
            throw new FormatException(source, 0, "expected 'ADDRESS SIZE' in hex, found '" + text.get().strip() + "'");
        }
        long address = SysfsValues.hex(fields[0], source, "the note address");
        long size = SysfsValues.hex(fields[1], source, "the note size");
        if (size == 0) {
            throw new FormatException(source, 0, "expected a note size above 0, found '" + fields[1] + "'");
        }
        return Optional.of(new NoteLocation(address, size));
    }

    public List<Integer> possibleCpus() throws IOException, FormatException {
        return SysfsValues.cpuList(root.text(CPU_DIR + "/possible"), root.name(CPU_DIR + "/possible"));
    }

    public List<Integer> presentCpus() throws IOException, FormatException {
        return SysfsValues.cpuList(root.text(CPU_DIR + "/present"), root.name(CPU_DIR + "/present"));
    }

    /**
     * The crash_notes of every possible CPU that has the file, in CPU order: the
     * kernel's own header has one PT_NOTE per possible CPU (for_each_possible_cpu
     * in crash_prepare_elf64_headers); the cpuN directories exist for the CPUs
     * the kernel registered.
     */
    public List<CpuCrashNote> cpuCrashNotes() throws IOException, FormatException {
        List<CpuCrashNote> notes = new ArrayList<>();
        for (int cpu : possibleCpus()) {
            String dir = CPU_DIR + "/cpu" + cpu + "/";
            Optional<String> address = root.optionalText(dir + "crash_notes");
            if (address.isEmpty()) {
                continue;
            }
            long paddr = SysfsValues.hex(address.get(), root.name(dir + "crash_notes"), "the crash notes address");
            Optional<String> sizeText = root.optionalText(dir + "crash_notes_size");
            long size = sizeText.isPresent()
                    ? SysfsValues.decimal(sizeText.get(), root.name(dir + "crash_notes_size"), "the crash notes size")
                    : DEFAULT_CRASH_NOTES_SIZE;
            if (size == 0) {
                throw new FormatException(root.name(dir + "crash_notes_size"), 0, "expected a size above 0, found 0");
            }
            notes.add(new CpuCrashNote(cpu, new NoteLocation(paddr, size)));
        }
        return notes;
    }

    public OptionalLong crashElfcorehdrSize() throws IOException, FormatException {
        Optional<String> text = root.optionalText(CRASH_ELFCOREHDR_SIZE);
        return text.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(SysfsValues.decimal(text.get(), root.name(CRASH_ELFCOREHDR_SIZE), "the size"));
    }

    public KernelSymbols kernelSymbols() throws IOException, FormatException, KexecException {
        return KallsymsParser.parse(root.text(KALLSYMS), root.name(KALLSYMS));
    }

    /** page_offset_base from the head of /proc/kcore (or of its recorded copy proc/kcore.head). */
    public long directMapBase() throws IOException, FormatException {
        return KcoreDirectMap.directMapBase(kcoreHeaders());
    }

    /**
     * The ELF header and program headers of /proc/kcore, read with positional
     * reads of just those bytes: the file claims the size of the address
     * space, and reading it through would walk all of memory.
     */
    public ElfCore kcoreHeaders() throws IOException, FormatException {
        String relative = root.exists(KCORE_HEAD) ? KCORE_HEAD : KCORE;
        try (FileChannel channel = FileChannel.open(root.path(relative), StandardOpenOption.READ)) {
            return ElfCoreReader.readHeaderTable(channel, root.name(relative));
        }
    }

    public Optional<EfiSystemTable> efiSystemTable() throws IOException, FormatException {
        Optional<String> text = root.optionalText(EFI_SYSTAB);
        return text.isEmpty() ? Optional.empty() : Optional.of(EfiSystabParser.parse(text.get(), root.name(EFI_SYSTAB)));
    }
}
