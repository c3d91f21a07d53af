package org.kexkit.pmem;

import java.util.Optional;
import java.util.function.Function;
import org.kexkit.bin.PhysRange;

/**
 * The running kernel's pmem as a capture needs it: the layout it discovered, its /sys/bus/nd, and
 * the raw device of a namespace. In a capture kernel that bound its namespaces raw, the devices are
 * where the crashed kernel's metadata can be read.
 */
public record PmemSystem(PmemLayout layout, NdBus bus, Function<NdBus.Namespace, Optional<NamespaceBytes>> devices) {
    /** The namespace of this kernel's bus that covers exactly {@code range}. */
    public Optional<NdBus.Namespace> namespaceAt(PhysRange range) {
        return bus.namespaces().stream().filter(n -> n.resource().isPresent() && n.size() == range.size()
                && n.resource().getAsLong() == range.start()).findFirst();
    }
}
