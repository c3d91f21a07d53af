package org.kexkit.kexec;

/** What a kexec_file_load call was asked to do; chooses flags and wording of failures. */
public enum KexecOperation {
    LOAD("load the kexec kernel", 0),
    LOAD_CRASH("load the crash kernel", KexecFileFlags.ON_CRASH),
    UNLOAD("unload the kexec kernel", KexecFileFlags.UNLOAD),
    UNLOAD_CRASH("unload the crash kernel", KexecFileFlags.UNLOAD | KexecFileFlags.ON_CRASH);

    private final String description;
    private final long flags;

    KexecOperation(String description, long flags) {
        this.description = description;
        this.flags = flags;
    }

    public String description() {
        return description;
    }

    public long flags() {
        return flags;
    }

    public boolean crash() {
        return (flags & KexecFileFlags.ON_CRASH) != 0;
    }

    public boolean unload() {
        return (flags & KexecFileFlags.UNLOAD) != 0;
    }
}
