package org.kexkit.kexec.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Serialises setup_data nodes back to back at a physical base address, each
 * node 8-byte aligned and linked by its physical next pointer (0 ends the chain).
 */
public final class SetupDataChain {
    private SetupDataChain() {
    }

    /** Bytes the chain occupies (with alignment padding). */
    public static int size(List<SetupData> nodes) {
        int size = 0;
        for (SetupData node : nodes) {
            size = align8(size) + SetupData.HEADER_BYTES + node.data().length;
        }
        return size;
    }

    /**
     * The chain as it will sit at {@code base}; the first node is at {@code base}
     * itself (base must be 8-byte aligned).
     */
    public static byte[] serialise(List<SetupData> nodes, long base) {
        if ((base & 7) != 0) {
            throw new IllegalArgumentException("setup_data base 0x" + Long.toHexString(base) + " is not 8-byte aligned");
        }
        ByteBuffer out = ByteBuffer.allocate(size(nodes)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < nodes.size(); i++) {
            byte[] data = nodes.get(i).data();
            int start = out.position();
            int end = start + SetupData.HEADER_BYTES + data.length;
            long next = i + 1 < nodes.size() ? base + align8(end) : 0;
            out.putLong(next).putInt(nodes.get(i).type()).putInt(data.length).put(data);
            out.position(Math.min(align8(end), out.limit()));
        }
        return out.array();
    }

    static int align8(int value) {
        return (value + 7) & ~7;
    }
}
