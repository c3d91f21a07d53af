package org.kexkit.kho.fdt;

/**
 * struct fdt_header (fdt.h): where each block sits in the blob. All fields are big-endian u32 in the
 * file; they are kept as ints because a blob that passes the reader is smaller than 2 GiB.
 */
public record FdtHeader(int totalSize, int offDtStruct, int offDtStrings, int offMemRsvmap, int version,
        int lastCompVersion, int bootCpuidPhys, int sizeDtStrings, int sizeDtStruct) {

    /** Byte offsets of the header fields, for error messages that point at the field. */
    static final int AT_TOTALSIZE = 0x04;
    static final int AT_OFF_DT_STRUCT = 0x08;
    static final int AT_OFF_DT_STRINGS = 0x0c;
    static final int AT_OFF_MEM_RSVMAP = 0x10;
    static final int AT_VERSION = 0x14;
    static final int AT_LAST_COMP_VERSION = 0x18;
    static final int AT_SIZE_DT_STRINGS = 0x20;
    static final int AT_SIZE_DT_STRUCT = 0x24;
}
