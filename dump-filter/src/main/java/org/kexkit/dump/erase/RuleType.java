package org.kexkit.dump.erase;

/**
 * The type of a value an erase rule names: a BTF type, or one a cast builds that BTF need not hold
 * (a pointer to a struct, an array of a given length).
 */
sealed interface RuleType {
    /** A type of the BTF in use, by id (typedefs and qualifiers still on it). */
    record Named(int id) implements RuleType {}

    /** A pointer to {@code target} (8 bytes on x86-64). */
    record Pointer(RuleType target) implements RuleType {}

    /** {@code count} elements of {@code element}. */
    record Array(RuleType element, long count) implements RuleType {}
}
