package org.kexkit.kexec.image;

import java.util.Arrays;

/**
 * One struct kexec_segment as kexec_load takes it: {@code data} is buf/bufsz,
 * copied to physical {@code mem}; the kernel zero-fills up to {@code memsz}.
 * The array is shared, not copied (initrds run to hundreds of MiB): treat it
 * as read-only.
 */
public record Segment(SegmentKind kind, byte[] data, long mem, long memsz) {
    public long bufsz() {
        return data.length;
    }

    public long endExclusive() {
        return mem + memsz;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Segment that && kind == that.kind && mem == that.mem && memsz == that.memsz
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + Long.hashCode(mem)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Segment[" + kind.label() + " mem=0x" + Long.toHexString(mem) + " memsz=0x" + Long.toHexString(memsz)
                + " bufsz=0x" + Long.toHexString(data.length) + "]";
    }
}
