package org.kexkit.bin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reader over bytes taken from a file. It knows the file's name
 * and the absolute file offset of its first byte, so every failure names the
 * exact place of the bad data. Positions passed to and returned by this type
 * are relative to the cursor's start; {@link #absolute()} gives file offsets.
 *
 * <p>Unsigned 32-bit values come back as non-negative longs; u64 values are
 * returned as raw 64-bit patterns (callers compare with
 * {@link Long#compareUnsigned} where the top bit matters).
 *
 * <p>As drgn's binary_buffer: only a value read that succeeds moves the "last
 * value" position that {@link #errorAtLastValue} points at; skips, seeks and
 * failed reads leave it, and a failed read does not move the cursor either.
 */
public final class ByteCursor {
    private final ByteBuffer buffer;
    private final String source;
    private final long baseOffset;
    /** Where the last value read successfully started, for error messages. */
    private int valueStart;

    private ByteCursor(ByteBuffer buffer, String source, long baseOffset) {
        this.buffer = buffer;
        this.source = source;
        this.baseOffset = baseOffset;
    }

    /** A little-endian cursor over the remaining bytes of {@code buffer}. */
    public static ByteCursor of(ByteBuffer buffer, String source, long baseOffset) {
        ByteBuffer view = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new ByteCursor(view, source, baseOffset);
    }

    public static ByteCursor of(byte[] bytes, String source, long baseOffset) {
        return of(ByteBuffer.wrap(bytes), source, baseOffset);
    }

    /** The same bytes and position, read big-endian (DTB, some kdump fields). */
    public ByteCursor bigEndian() {
        ByteCursor other = new ByteCursor(buffer.duplicate().order(ByteOrder.BIG_ENDIAN), source, baseOffset);
        other.valueStart = valueStart;
        return other;
    }

    public String source() {
        return source;
    }

    /** Absolute file offset of this cursor's first byte. */
    public long baseOffset() {
        return baseOffset;
    }

    /** Current position relative to the cursor's start. */
    public int position() {
        return buffer.position();
    }

    /** Absolute file offset of the current position. */
    public long absolute() {
        return baseOffset + buffer.position();
    }

    public int limit() {
        return buffer.limit();
    }

    public int remaining() {
        return buffer.remaining();
    }

    public boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    public int u8() throws FormatException {
        need(1, "u8");
        valueStart = buffer.position();
        return buffer.get() & 0xff;
    }

    public int u16() throws FormatException {
        need(2, "u16");
        valueStart = buffer.position();
        return buffer.getShort() & 0xffff;
    }

    public long u32() throws FormatException {
        need(4, "u32");
        valueStart = buffer.position();
        return buffer.getInt() & 0xffffffffL;
    }

    public int s32() throws FormatException {
        need(4, "s32");
        valueStart = buffer.position();
        return buffer.getInt();
    }

    public long u64() throws FormatException {
        need(8, "u64");
        valueStart = buffer.position();
        return buffer.getLong();
    }

    public byte[] bytes(int count) throws FormatException {
        requireCount(count);
        need(count, "data");
        valueStart = buffer.position();
        byte[] out = new byte[count];
        buffer.get(out);
        return out;
    }

    public void skip(int count) throws FormatException {
        requireCount(count);
        need(count, "data to skip");
        buffer.position(buffer.position() + count);
    }

    /** Moves to {@code position}, relative to the cursor's start; the limit itself is allowed. */
    public void seek(long position) throws FormatException {
        if (position < 0 || position > buffer.limit()) {
            throw new FormatException(source, baseOffset + Math.max(0, Math.min(position, buffer.limit())),
                    "expected a position within 0x" + Long.toHexString(buffer.limit())
                            + " bytes, found 0x" + Long.toHexString(position));
        }
        buffer.position((int) position);
    }

    /** Skips to the next multiple of {@code alignment} (relative to the cursor's start). */
    public void align(int alignment) throws FormatException {
        if (alignment <= 0) {
            throw new FormatException(source, absolute(), "expected a positive alignment, found " + alignment);
        }
        int misalignment = buffer.position() % alignment;
        if (misalignment != 0) {
            skip(alignment - misalignment);
        }
    }

    /**
     * A cursor over the next {@code length} bytes, which this cursor skips.
     * The slice keeps the file name and knows its own absolute offset.
     */
    public ByteCursor slice(int length) throws FormatException {
        requireCount(length);
        need(length, "a sub-range");
        ByteBuffer part = buffer.slice().limit(length).order(buffer.order());
        ByteCursor child = new ByteCursor(part.slice().order(buffer.order()), source, absolute());
        buffer.position(buffer.position() + length);
        return child;
    }

    /**
     * An unsigned integer of {@code width} bytes (1, 2, 4 or 8), for struct fields whose
     * size comes from the data itself (VMCOREINFO SIZE(), BTF); u64 as a raw pattern.
     */
    public long uint(int width) throws FormatException {
        return switch (width) {
            case 1 -> u8();
            case 2 -> u16();
            case 4 -> u32();
            case 8 -> u64();
            default -> throw new FormatException(source, absolute(), "expected an integer width of 1, 2, 4 or 8 bytes, found "
                    + width);
        };
    }

    /**
     * The NUL-terminated string (UTF-8, as kernel strings are) at the position, which moves past its NUL. Bounded by the data:
     * a string without a NUL before the end is an error at its first byte.
     */
    public String cString() throws FormatException {
        int start = buffer.position();
        int end = nul(start);
        byte[] text = new byte[end - start];
        buffer.get(text);
        buffer.get(); // the NUL
        valueStart = start;
        return new String(text, StandardCharsets.UTF_8);
    }

    /** The NUL-terminated string at {@code position} (relative to the start); the cursor does not move. */
    public String stringAt(long position) throws FormatException {
        if (position < 0 || position >= buffer.limit()) {
            throw new FormatException(source, baseOffset + Math.max(0, Math.min(position, buffer.limit())),
                    "expected a string within 0x" + Long.toHexString(buffer.limit()) + " bytes, found its offset 0x"
                            + Long.toHexString(position));
        }
        int start = (int) position;
        int end = nul(start);
        byte[] text = new byte[end - start];
        buffer.get(start, text);
        valueStart = start;
        return new String(text, StandardCharsets.UTF_8);
    }

    /**
     * A fixed-size char array field ({@code char name[length]}): its bytes up to the first NUL, or
     * all of them when the field is full, decoded as UTF-8.
     */
    public String fixedString(int length) throws FormatException {
        int start = buffer.position();
        byte[] field = bytes(length);
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        valueStart = start;
        return new String(field, 0, n, StandardCharsets.UTF_8);
    }

    /** Index of the first NUL at or after {@code start}, or an error when there is none before the limit. */
    private int nul(int start) throws FormatException {
        for (int i = start; i < buffer.limit(); i++) {
            if (buffer.get(i) == 0) {
                return i;
            }
        }
        throw new FormatException(source, baseOffset + start, "expected a NUL-terminated string, found "
                + (buffer.limit() - start) + " bytes without a NUL before the end of the data");
    }

    /** A failure located at the start of the value read last. */
    public FormatException errorAtLastValue(String problem) {
        return new FormatException(source, baseOffset + valueStart, problem);
    }

    /** A failure located at {@code position}, relative to the cursor's start. */
    public FormatException errorAt(long position, String problem) {
        return new FormatException(source, baseOffset + position, problem);
    }

    private void need(int count, String what) throws FormatException {
        if (buffer.remaining() < count) {
            throw new FormatException(source, absolute(),
                    "expected " + what + " (" + count + " byte" + (count == 1 ? "" : "s") + "), found only "
                            + buffer.remaining() + " before the end of the data");
        }
    }

    private void requireCount(int count) throws FormatException {
        if (count < 0) {
            throw new FormatException(source, absolute(), "expected a byte count, found " + count);
        }
    }
}
