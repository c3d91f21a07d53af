package org.kexkit.kho.fdt;

import java.util.List;
import java.util.Optional;

/** A node: its name (empty for the root), properties in file order, and children in file order. */
public record FdtNode(String name, List<FdtProperty> properties, List<FdtNode> children) {
    public FdtNode {
        properties = List.copyOf(properties);
        children = List.copyOf(children);
    }

    /** Properties are looked up by name: producers such as libfdt's setprop reorder them. */
    public Optional<FdtProperty> property(String propertyName) {
        return properties.stream().filter(p -> p.name().equals(propertyName)).findFirst();
    }

    public Optional<FdtNode> child(String childName) {
        return children.stream().filter(c -> c.name().equals(childName)).findFirst();
    }

    /** The value of a string property such as {@code compatible}, if present and a string. */
    public Optional<String> string(String propertyName) {
        return property(propertyName).map(FdtProperty::asString);
    }
}
