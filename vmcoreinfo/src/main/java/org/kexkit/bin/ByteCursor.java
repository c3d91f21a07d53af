package org.kexkit.bin;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bounds-checked reader over bytes taken from a file. It knows the file's name
 * and the absolute file offset of its first byte, so every failure names the
 * exact place of the bad data. Positions passed to and returned by this type
 * are relative to the cursor's start; {@link #absolute()} gives file offsets.
 *
 * <p>Unsigned 32-bit values come back as non-negative longs; u64 values are
 * returned as raw 64-bit patterns (callers compare with
 * {@link Long#compareUnsigned} where the top bit matters).
 */
public final class ByteCursor {
    private final ByteBuffer buffer;
    private final String source;
    private final long baseOffset;
    /** Where the value being read started, for error messages. */
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
        return buffer.get() & 0xff;
    }

    public int u16() throws FormatException {
        need(2, "u16");
        return buffer.getShort() & 0xffff;
    }

    public long u32() throws FormatException {
        need(4, "u32");
        return buffer.getInt() & 0xffffffffL;
    }

    public int s32() throws FormatException {
        need(4, "s32");
        return buffer.getInt();
    }

    public long u64() throws FormatException {
        need(8, "u64");
        return buffer.getLong();
    }

    public byte[] bytes(int count) throws FormatException {
        requireCount(count);
        need(count, "data");
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
        valueStart = buffer.position();
        if (position < 0 || position > buffer.limit()) {
            throw new FormatException(source, baseOffset + Math.max(0, Math.min(position, buffer.limit())),
                    "expected a position within 0x" + Long.toHexString(buffer.limit())
                            + " bytes, found 0x" + Long.toHexString(position));
        }
        buffer.position((int) position);
    }

    /** Skips to the next multiple of {@code alignment} (relative to the cursor's start). */
    public void align(int alignment) throws FormatException {
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

    /** A failure located at the start of the value read last. */
    public FormatException errorAtLastValue(String problem) {
        return new FormatException(source, baseOffset + valueStart, problem);
    }

    /** A failure located at {@code position}, relative to the cursor's start. */
    public FormatException errorAt(long position, String problem) {
        return new FormatException(source, baseOffset + position, problem);
    }

    private void need(int count, String what) throws FormatException {
        valueStart = buffer.position();
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
