package org.kexkit.kdump;

/** How {@code kexkit kdump load} hands the capture kernel over (kdump.conf's {@code load_method}). */
public enum LoadMethod {
    /** kexec_file_load: the kernel reads, verifies and places the image (kexec -s). */
    FILE("file"),
    /** kexec_load: kexkit builds the segments and the crash ELF core header (kexec -c). */
    KEXEC_LOAD("kexec_load");

    private final String word;

    LoadMethod(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
