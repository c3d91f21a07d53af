package org.kexkit.extension;

/** A page voter's answer for one page. */
public enum Vote {
    /** Dump the page whatever the dump level says (a keep wins over every other vote and test). */
    KEEP,
    /** Leave the page out, unless another extension keeps it or the dump level already drops it. */
    DROP,
    /** Let the dump level decide. */
    NO_OPINION
}
