package org.kexkit.kexec.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kexkit.bin.ByteCursor;
import org.kexkit.bin.FormatException;

/**
 * The purgatory: a position-independent flat binary (built from
 * src/main/purgatory by scripts/build-purgatory) that the kernel jumps to
 * after kexec. It hashes the listed regions, hangs forever if the digest
 * differs, else loads a boot GDT and jumps to the next kernel's startup_64
 * with rsi = boot_params. Being position-independent it needs no relocation:
 * it is loaded as is, with its parameter block patched.
 *
 * <p>Segment layout: the binary at offset 0 (entry point = segment base),
 * then {@link #STACK_SIZE} bytes of stack the kernel zero-fills (memsz beyond
 * bufsz); rsp is the segment's end.
 */
public final class Purgatory {
    static final String RESOURCE = "purgatory.bin";
    /** Entry point offset: the kexec entry address is the segment base. */
    public static final long ENTRY_OFFSET = 0;
    /** Parameter block offset in the binary (params.h). */
    public static final int PARAMS_OFFSET = 0x08;
    static final byte[] MAGIC = "KXKPURG1".getBytes(StandardCharsets.US_ASCII);
    static final int LAYOUT_VERSION = 1;
    // Offsets inside the parameter block (params.h struct purgatory_params).
    static final int RIP = 0x10;
    static final int RSI = 0x18;
    static final int RSP = 0x20;
    static final int RBX = 0x28;
    static final int DIGEST = 0x30;
    static final int REGIONS = 0x50;
    static final int PARAMS_SIZE = 0x150;
    /** PURGATORY_REGIONS in params.h, = KEXEC_SEGMENT_MAX. */
    public static final int MAX_REGIONS = 16;
    /** The purgatory's stack (SHA-256 needs well under 1 KiB). */
    public static final int STACK_SIZE = 8192;

    private final byte[] binary;

    private Purgatory(byte[] binary) {
        this.binary = binary;
    }

    /** The binary shipped in this jar. */
    public static Purgatory bundled() {
        try (InputStream in = Purgatory.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource org/kexkit/kexec/image/" + RESOURCE + " is missing from the jar");
            }
            return of(in.readAllBytes(), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (FormatException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A purgatory binary; checks the magic and layout version of its parameter block. */
    public static Purgatory of(byte[] binary, String name) throws FormatException {
        ByteCursor in = ByteCursor.of(binary, name, 0);
        in.seek(PARAMS_OFFSET);
        byte[] magic = in.bytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw in.errorAtLastValue("not a kexkit purgatory: no \"KXKPURG1\" parameter block");
        }
        long version = in.u32();
        if (version != LAYOUT_VERSION) {
            throw in.errorAtLastValue("purgatory parameter block version " + version + ", expected " + LAYOUT_VERSION);
        }
        in.seek(PARAMS_OFFSET + PARAMS_SIZE);
        return new Purgatory(binary.clone());
    }

    /** Bytes of the binary (the segment's bufsz). */
    public int binarySize() {
        return binary.length;
    }

    /** memsz to request for the purgatory segment: binary plus stack, page-aligned. */
    public long segmentSize() {
        return FreeSpace.alignUp(binary.length + (long) STACK_SIZE, KexecImage.PAGE_SIZE);
    }

    /** The stack top for a purgatory segment placed at {@code base} with {@link #segmentSize()}. */
    public long stackTop(long base) {
        return base + segmentSize();
    }

    /** The binary with {@code params} written into its parameter block. */
    public byte[] patched(PurgatoryParams params) {
        byte[] out = binary.clone();
        ByteBuffer block = ByteBuffer.wrap(out, PARAMS_OFFSET, PARAMS_SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        block.putLong(RIP, params.rip()).putLong(RSI, params.rsi()).putLong(RSP, params.rsp()).putLong(RBX, params.rbx());
        block.put(DIGEST, params.digest());
        for (int i = 0; i < MAX_REGIONS; i++) {
            DigestRegion region = i < params.regions().size() ? params.regions().get(i) : new DigestRegion(0, 0);
            block.putLong(REGIONS + 16 * i, region.start()).putLong(REGIONS + 16 * i + 8, region.length());
        }
        return out;
    }

    /** Reads the parameter block back from a (patched) binary; unused (zero-length) regions are dropped. */
    public static PurgatoryParams readParams(byte[] binary, String name) throws FormatException {
        ByteCursor in = ByteCursor.of(binary, name, 0);
        in.seek(PARAMS_OFFSET + RIP);
        long rip = in.u64();
        long rsi = in.u64();
        long rsp = in.u64();
        long rbx = in.u64();
        byte[] digest = in.bytes(32);
        List<DigestRegion> regions = new ArrayList<>();
        for (int i = 0; i < MAX_REGIONS; i++) {
            long start = in.u64();
            long length = in.u64();
            if (length != 0) {
                regions.add(new DigestRegion(start, length));
            }
        }
        return new PurgatoryParams(rip, rsi, rsp, rbx, digest, regions);
    }
}
