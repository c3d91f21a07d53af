package org.kexkit.kexec.image;

import java.util.List;
import java.util.Optional;

/** The contents {@link KexecImageAssembler} puts into a plan; byte arrays are shared, not copied. */
public record ImageParts(BzImage kernel, Optional<byte[]> initrd, BootParams bootParams, Optional<byte[]> elfcorehdr,
        List<byte[]> extras) {
    public ImageParts {
        extras = List.copyOf(extras);
    }
}
