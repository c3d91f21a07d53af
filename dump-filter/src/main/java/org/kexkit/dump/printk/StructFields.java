package org.kexkit.dump.printk;

import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.EntryKind;

/** SIZE and OFFSET entries of VMCOREINFO, checked so that a field read stays inside its struct. */
final class StructFields {
    /** Larger than any printk struct; a bigger SIZE() is garbage. */
    static final long MAX_STRUCT = 1 << 16;

    private final VmcoreInfoLocation where;

    StructFields(VmcoreInfoLocation where) {
        this.where = where;
    }

    /** SIZE(name): a positive struct size. */
    int size(String name) throws FormatException {
        long v = where.require(EntryKind.SIZE, name);
        if (v <= 0 || v > MAX_STRUCT) {
            throw where.error("SIZE(" + name + ")", v + " is no plausible struct size");
        }
        return (int) v;
    }

    /** OFFSET(member) where a field of {@code width} bytes must fit in {@code structSize}. */
    int offset(String member, int width, int structSize) throws FormatException {
        long v = where.require(EntryKind.OFFSET, member);
        return check(member, v, width, structSize);
    }

    /** OFFSET(member) if VMCOREINFO has it, else -1. */
    int optionalOffset(String member, int width, int structSize) throws FormatException {
        java.util.OptionalLong v = where.info().offset(member);
        return v.isEmpty() ? -1 : check(member, v.getAsLong(), width, structSize);
    }

    private int check(String member, long v, int width, int structSize) throws FormatException {
        if (v < 0 || v + width > structSize) {
            throw where.error("OFFSET(" + member + ")", v + " puts a " + width + "-byte field outside its "
                    + structSize + "-byte struct");
        }
        return (int) v;
    }
}
