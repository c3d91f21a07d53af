package org.kexkit.btf;

/**
 * BTF type kinds and how many bytes follow each btf_type record (include/uapi/linux/btf.h,
 * BTF_KIND_*): a u32 for INT, VAR and DECL_TAG; struct btf_array for ARRAY; vlen records of
 * 12 bytes (btf_member, btf_var_secinfo, btf_enum64) or 8 bytes (btf_enum, btf_param).
 */
enum BtfKind {
    UNKNOWN(0, 0, 0), INT(1, 4, 0), PTR(2, 0, 0), ARRAY(3, 12, 0), STRUCT(4, 0, 12), UNION(5, 0, 12),
    ENUM(6, 0, 8), FWD(7, 0, 0), TYPEDEF(8, 0, 0), VOLATILE(9, 0, 0), CONST(10, 0, 0), RESTRICT(11, 0, 0),
    FUNC(12, 0, 0), FUNC_PROTO(13, 0, 8), VAR(14, 4, 0), DATASEC(15, 0, 12), FLOAT(16, 0, 0),
    DECL_TAG(17, 4, 0), TYPE_TAG(18, 0, 0), ENUM64(19, 0, 12);

    private static final BtfKind[] BY_NUMBER = new BtfKind[20];

    static {
        for (BtfKind k : values()) {
            BY_NUMBER[k.number] = k;
        }
    }

    final int number;
    final int extra;
    final int perMember;

    BtfKind(int number, int extra, int perMember) {
        this.number = number;
        this.extra = extra;
        this.perMember = perMember;
    }

    static BtfKind of(int number) {
        return number > 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    /** Bytes after the 12-byte btf_type header. */
    int trailing(int vlen) {
        return extra + perMember * vlen;
    }
}
