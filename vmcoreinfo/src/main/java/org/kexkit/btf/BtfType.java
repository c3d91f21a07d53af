package org.kexkit.btf;

import java.util.List;

/**
 * One decoded BTF type (include/uapi/linux/btf.h, struct btf_type and what follows it). Other
 * types are named by id in the {@link Btf} the type came from; id 0 is void.
 */
public sealed interface BtfType {
    /** The type's id in its BTF. */
    int id();

    /** BTF_KIND_INT: {@code size} bytes, signed or not (a bool or char is an int here). */
    record Int(int id, String name, int size, boolean signed) implements BtfType {}

    /** BTF_KIND_FLOAT. */
    record Float(int id, String name, int size) implements BtfType {}

    /** BTF_KIND_PTR to {@code target}. */
    record Ptr(int id, int target) implements BtfType {}

    /** BTF_KIND_ARRAY of {@code count} elements of {@code element}. */
    record Array(int id, int element, long count) implements BtfType {}

    /** A member of a struct or union; an anonymous one has the name "". */
    record Member(String name, int type, long bitOffset, int bitSize) {}

    /** BTF_KIND_STRUCT or BTF_KIND_UNION; an anonymous one has the name "". */
    record Struct(int id, String name, boolean union, long size, List<Member> members) implements BtfType {
        public Struct {
            members = List.copyOf(members);
        }

        /** "struct task_struct", "union (anonymous)". */
        public String describe() {
            return (union ? "union " : "struct ") + (name.isEmpty() ? "(anonymous)" : name);
        }
    }

    /** BTF_KIND_ENUM or ENUM64 of {@code size} bytes. */
    record Enum(int id, String name, int size, boolean signed) implements BtfType {}

    /** BTF_KIND_FWD: a struct or union declared, not defined, here. */
    record Fwd(int id, String name, boolean union) implements BtfType {}

    /** BTF_KIND_TYPEDEF. */
    record Typedef(int id, String name, int target) implements BtfType {}

    /** BTF_KIND_VOLATILE, CONST, RESTRICT or TYPE_TAG: the same bytes as {@code target}. */
    record Qualifier(int id, String kind, int target) implements BtfType {}

    /** BTF_KIND_FUNC, FUNC_PROTO or DECL_TAG: not data, never erased or read. */
    record Other(int id, String kind, String name) implements BtfType {}

    /** BTF_KIND_VAR: a variable's name and type; {@code linkage} 0 static, 1 global, 2 extern. */
    record Var(int id, String name, int type, int linkage) implements BtfType {}

    /** One variable of a section. */
    record SecVar(int type, long offset, long size) {}

    /** BTF_KIND_DATASEC: the variables BTF places in one section (the kernel's: .data..percpu). */
    record DataSec(int id, String name, long size, List<SecVar> vars) implements BtfType {
        public DataSec {
            vars = List.copyOf(vars);
        }
    }
}
