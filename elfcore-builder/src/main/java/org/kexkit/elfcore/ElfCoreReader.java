package org.kexkit.elfcore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.Elf64;
import org.kexkit.bin.FormatException;

/**
 * Reads and validates an ELF64 little-endian x86-64 core (ET_CORE), such as
 * /proc/vmcore or a saved vmcore. Reads only the header, the program header
 * table and the PT_NOTE segments, with positional reads: a multi-GiB core
 * costs a few KiB of memory.
 */
public final class ElfCoreReader {
    /** More PT_NOTE bytes than this is garbage, not a core (8192 CPUs need ~3 MiB). */
    static final long MAX_NOTE_BYTES = 64L << 20;
    /** More program headers than this is garbage (/proc/vmcore has one per RAM range). */
    static final long MAX_PROGRAM_HEADERS = 1L << 20;
    /**
     * e_ehsize in QEMU 7.2's dump-guest-memory ELF: the size of a pointer, not of the header (fixed
     * in later QEMU). The header's layout is fixed for ELF64, so nothing else in such a file is off.
     */
    static final int QEMU_7_2_EHSIZE = 8;
    /** The first bytes of a kdump-compressed file (struct disk_dump_header.signature). */
    private static final byte[] KDUMP_SIGNATURE = "KDUMP   ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ElfCoreReader() {
    }

    public static ElfCore read(Path path) throws IOException, FormatException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(channel, path.toString());
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            // read errors (EISDIR, EIO) carry no file name of their own
            throw new FileSystemException(path.toString(), null, e.getMessage());
        }
    }

    /** Reads from an open channel; its size is the file size. */
    public static ElfCore read(FileChannel channel, String source) throws IOException, FormatException {
        long fileSize = channel.size();
        ElfHeader header = readHeader(channel, source, fileSize);
        List<ProgramHeader> programHeaders = readProgramHeaders(channel, source, fileSize, header, true);
        List<ElfNote> notes = new ArrayList<>();
        for (ProgramHeader ph : programHeaders) {
            if (ph.isNote()) {
                notes.addAll(readNotes(channel, source, ph));
            }
        }
        return new ElfCore(source, fileSize, header, programHeaders, notes);
    }

    /**
     * Reads only the ELF header and the program header table, without checking
     * segments against the file size and without reading notes. For files whose
     * p_offset values are not file offsets: a kexec elfcorehdr blob (offsets are
     * physical addresses) or the head of /proc/kcore.
     */
    public static ElfCore readHeaderTable(Path path) throws IOException, FormatException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeaderTable(channel, path.toString());
        } catch (FileSystemException e) {
            throw e;
        } catch (IOException e) {
            throw new FileSystemException(path.toString(), null, e.getMessage());
        }
    }

    /** {@link #readHeaderTable(Path)} from an open channel. */
    public static ElfCore readHeaderTable(FileChannel channel, String source) throws IOException, FormatException {
        long fileSize = channel.size();
        ElfHeader header = readHeader(channel, source, fileSize);
        List<ProgramHeader> programHeaders = readProgramHeaders(channel, source, fileSize, header, false);
        return new ElfCore(source, fileSize, header, programHeaders, List.of());
    }

    private static ElfHeader readHeader(FileChannel channel, String source, long fileSize)
            throws IOException, FormatException {
        if (fileSize == 0) {
            throw new FormatException(source, 0, "expected an ELF core, found an empty file");
        }
        if (fileSize < ElfHeader.SIZE) {
            byte[] start = new byte[(int) Math.min(fileSize, ElfHeader.MAGIC.length)];
            readFully(channel, source, 0, start.length).get(start);
            if (!Arrays.equals(start, Arrays.copyOf(ElfHeader.MAGIC, start.length))) {
                throw new FormatException(source, 0, "expected ELF magic 7f 45 4c 46, found " + hex(start)
                        + ": not an ELF file");
            }
            throw new FormatException(source, 0, "expected an ELF header (" + ElfHeader.SIZE
                    + " bytes), found a file of only " + fileSize + " bytes");
        }
        ByteCursor c = ByteCursor.of(readFully(channel, source, 0, ElfHeader.SIZE), source, 0);
        byte[] magic = c.bytes(4);
        if (!Arrays.equals(magic, ElfHeader.MAGIC)) {
            c.seek(0);
            if (Arrays.equals(c.bytes(KDUMP_SIGNATURE.length), KDUMP_SIGNATURE)) {
                throw new FormatException(source, 0,
                        "expected an ELF core, found a kdump-compressed file (makedumpfile output)");
            }
            throw new FormatException(source, 0, "expected ELF magic 7f 45 4c 46, found " + hex(magic)
                    + ": not an ELF file");
        }
        int elfClass = c.u8();
        if (elfClass != ElfHeader.ELFCLASS64) {
            throw c.errorAtLastValue("expected ELFCLASS64 (2) in e_ident[EI_CLASS], found " + elfClass
                    + (elfClass == 1 ? " (ELFCLASS32, a 32-bit ELF file)" : ""));
        }
        int data = c.u8();
        if (data != ElfHeader.ELFDATA2LSB) {
            throw c.errorAtLastValue("expected ELFDATA2LSB (1, little-endian) in e_ident[EI_DATA], found " + data
                    + (data == 2 ? " (ELFDATA2MSB, big-endian)" : ""));
        }
        int identVersion = c.u8();
        if (identVersion != ElfHeader.EV_CURRENT) {
            throw c.errorAtLastValue("expected EV_CURRENT (1) in e_ident[EI_VERSION], found " + identVersion);
        }
        c.seek(Elf64.E_TYPE);
        int type = c.u16();
        if (type != ElfHeader.ET_CORE) {
            throw c.errorAtLastValue("expected e_type ET_CORE (4), found " + ElfHeader.typeName(type)
                    + ": not a core file");
        }
        int machine = c.u16(); // e_machine
        if (machine != ElfHeader.EM_X86_64) {
            throw c.errorAtLastValue("expected e_machine EM_X86_64 (62), found " + ElfHeader.machineName(machine));
        }
        long version = c.u32(); // e_version
        if (version != ElfHeader.EV_CURRENT) {
            throw c.errorAtLastValue("expected e_version EV_CURRENT (1), found " + version);
        }
        long entry = c.u64();   // e_entry
        long phoff = c.u64();   // e_phoff
        long shoff = c.u64();   // e_shoff
        long flags = c.u32();   // e_flags
        int ehsize = c.u16();   // e_ehsize
        if (ehsize < ElfHeader.SIZE && ehsize != QEMU_7_2_EHSIZE) {
            throw c.errorAtLastValue("expected e_ehsize of at least " + ElfHeader.SIZE + ", found " + ehsize);
        }
        int phentsize = c.u16(); // e_phentsize
        if (phentsize != ProgramHeader.SIZE) {
            throw c.errorAtLastValue("expected e_phentsize " + ProgramHeader.SIZE + " (sizeof elf64_phdr), found "
                    + phentsize);
        }
        int phnum = c.u16();     // e_phnum
        long phnumOffset = c.absolute() - 2;
        int shentsize = c.u16(); // e_shentsize
        int shnum = c.u16();     // e_shnum
        int shstrndx = c.u16();  // e_shstrndx
        long count = phnum == ElfHeader.PN_XNUM
                ? extendedProgramHeaderCount(channel, source, fileSize, shoff) : phnum;
        if (count == 0) {
            throw new FormatException(source, phnumOffset, "expected at least one program header, found e_phnum 0");
        }
        if (count > MAX_PROGRAM_HEADERS) {
            throw new FormatException(source, phnumOffset, "expected at most " + MAX_PROGRAM_HEADERS
                    + " program headers, found " + count);
        }
        long tableEnd = phoff + count * ProgramHeader.SIZE;
        if (phoff < 0 || tableEnd < phoff || tableEnd > fileSize) {
            throw new FormatException(source, Elf64.E_PHOFF, "program header table (" + count + " entries at e_phoff 0x"
                    + Long.toHexString(phoff) + ") runs past end of file (ends at 0x" + Long.toHexString(tableEnd)
                    + ", file is 0x" + Long.toHexString(fileSize) + " bytes)");
        }
        return new ElfHeader(type, machine, entry, phoff, shoff, flags, ehsize, phentsize, count,
                shentsize, shnum, shstrndx);
    }

    /** Under PN_XNUM the real count is section header 0's sh_info (the ELF gABI's extended numbering). */
    private static long extendedProgramHeaderCount(FileChannel channel, String source, long fileSize, long shoff)
            throws IOException, FormatException {
        if (shoff <= 0 || shoff > fileSize - Elf64.SHDR_SIZE) {
            throw new FormatException(source, Elf64.E_SHOFF, "e_phnum is PN_XNUM, so expected section header 0 at e_shoff, found e_shoff 0x"
                    + Long.toHexString(shoff) + " outside the file (0x" + Long.toHexString(fileSize) + " bytes)");
        }
        return SectionHeader.read(ByteCursor.of(readFully(channel, source, shoff, Elf64.SHDR_SIZE), source, shoff)).info();
    }

    private static List<ProgramHeader> readProgramHeaders(FileChannel channel, String source, long fileSize,
            ElfHeader header, boolean segmentsInFile) throws IOException, FormatException {
        int count = (int) header.programHeaderCount();
        long tableOffset = header.programHeaderOffset();
        ByteCursor c = ByteCursor.of(readFully(channel, source, tableOffset, count * ProgramHeader.SIZE),
                source, tableOffset);
        List<ProgramHeader> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long entryOffset = c.absolute();
            ProgramHeader ph = new ProgramHeader(i, entryOffset,
                    c.u32(),  // p_type
                    c.u32(),  // p_flags
                    c.u64(),  // p_offset
                    c.u64(),  // p_vaddr
                    c.u64(),  // p_paddr
                    c.u64(),  // p_filesz
                    c.u64(),  // p_memsz
                    c.u64()); // p_align
            if (segmentsInFile) {
                check(ph, source, fileSize, (header.flags() & ElfHeader.DUMP_ELF_INCOMPLETE) != 0);
            }
            result.add(ph);
        }
        return result;
    }

    /** @param incomplete the dump says it was cut short: a PT_LOAD may end past the file, its tail absent */
    private static void check(ProgramHeader ph, String source, long fileSize, boolean incomplete)
            throws FormatException {
        if (!ph.isLoad() && !ph.isNote()) {
            return;
        }
        String name = ph.typeName() + " " + ph.index();
        long end = ph.offset() + ph.filesz();
        boolean overflows = ph.offset() < 0 || ph.filesz() < 0 || end < 0;
        if (overflows || end > fileSize && !(incomplete && ph.isLoad())) {
            String endText = overflows ? "beyond 2^63" : "0x" + Long.toHexString(end);
            throw new FormatException(source, ph.entryOffset(), name + " runs past end of file (ends at "
                    + endText + ", file is 0x" + Long.toHexString(fileSize) + " bytes)");
        }
        if (ph.isLoad() && Long.compareUnsigned(ph.filesz(), ph.memsz()) > 0) {
            throw new FormatException(source, ph.entryOffset(), name + ": expected p_filesz <= p_memsz, found p_filesz 0x"
                    + Long.toHexString(ph.filesz()) + " > p_memsz 0x" + Long.toHexString(ph.memsz()));
        }
        if (ph.isNote() && ph.filesz() > MAX_NOTE_BYTES) {
            throw new FormatException(source, ph.entryOffset(), name + ": expected at most 0x"
                    + Long.toHexString(MAX_NOTE_BYTES) + " bytes of notes, found p_filesz 0x"
                    + Long.toHexString(ph.filesz()));
        }
    }

    private static List<ElfNote> readNotes(FileChannel channel, String source, ProgramHeader ph)
            throws IOException, FormatException {
        ByteBuffer bytes = readFully(channel, source, ph.offset(), (int) ph.filesz());
        return NoteParser.parse(ByteCursor.of(bytes, source, ph.offset()), ph.typeName() + " " + ph.index());
    }

    /** Positional read of exactly {@code length} bytes; a short file is a format error. */
    static ByteBuffer readFully(FileChannel channel, String source, long position, int length)
            throws IOException, FormatException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new FormatException(source, position + buffer.position(), "expected " + length
                        + " bytes from offset 0x" + Long.toHexString(position) + ", found the end of the file");
            }
        }
        return buffer.flip();
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(String.format("%02x", b & 0xff));
        }
        return text.toString();
    }
}
