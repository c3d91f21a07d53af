package org.kexkit.kho.fdt;

/**
 * Decides how a property's bytes are shown. A blob does not say which values are raw little-endian
 * u64s (KHO's) rather than cells, so a user of the format that knows supplies its own typing.
 */
@FunctionalInterface
public interface PropertyTyping {
    /** dtc's guess from the bytes alone. */
    PropertyTyping GUESS = (node, property) -> PropertyValue.guess(property.value());

    PropertyValue type(FdtNode node, FdtProperty property);
}
