package org.kexkit.extension;

/**
 * One thing an extension needs from the dump's kernel: a symbol, a struct, or a struct member.
 * Made by {@link Needs.Builder}.
 *
 * @param kind      what is needed
 * @param name      the symbol or struct name
 * @param member    the member name ({@link Kind#MEMBER} only, else empty)
 * @param mandatory false: the extension works without it (and checks the context itself)
 */
public record Need(Kind kind, String name, String member, boolean mandatory) {
    /** What is needed. */
    public enum Kind {
        SYMBOL, STRUCT, MEMBER
    }

    /** As a user reads it: {@code symbol init_task}, {@code struct task_struct}, {@code task_struct.comm}. */
    public String describe() {
        return switch (kind) {
            case SYMBOL -> "symbol " + name;
            case STRUCT -> "struct " + name;
            case MEMBER -> "member " + name + "." + member;
        };
    }
}
