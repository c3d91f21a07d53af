package org.kexkit.kho.check;

import java.util.List;

/**
 * What a next kernel must hold to take one handed-over subtree: the version strings its blob
 * carries and, for a blob without one (kexec-metadata's version is a number), the subtree name
 * the consumer looks it up by. {@code optional} strings only warn: LUO needs memfd-v2 only if a
 * session holds a memfd, which is known only once LUO serialises at the kexec reboot.
 *
 * @param source where the versions were read, or why they were assumed
 */
public record Requirement(String subtree, List<String> versions, List<String> names, List<String> optional,
        String source) {
    public Requirement {
        versions = List.copyOf(versions);
        names = List.copyOf(names);
        optional = List.copyOf(optional);
    }
}
