package org.kexkit.kho.check;

/** Whether the next kernel takes a handed-over layer. */
public enum Verdict {
    /** It holds every version string the layer carries. */
    ACCEPT,
    /** It lacks one: the data would be dropped after the jump. */
    REFUSE,
    /** kexkit cannot tell (a subtree it does not know). */
    UNKNOWN;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
