package org.kexkit.dump.filter;

import org.kexkit.extension.Vote;

/**
 * Votes on pages while they are classified (extensions' page voters), with makedumpfile master's
 * precedence (its __exclude_unnecessary_pages): a KEEP is looked at before every dump-level test and
 * keeps the page whatever the level says, tail pages of compound pages included; a DROP is the last
 * test, so it leaves out only a page no dump-level test excluded, and that page alone (counted as
 * {@link ExclusionClass#EXTENSION}). Pfns inside a block a test already decided (the rest of a free
 * buddy block, of an excluded compound page) are not asked, as in makedumpfile. With several windows
 * (more pfns than one holds) every pass asks again: a vote must depend on the pfn and its struct page only.
 */
@FunctionalInterface
public interface PageVotes {
    /** No votes: the dump level alone decides. */
    PageVotes NONE = (pfn, structPages, at, size) -> Vote.NO_OPINION;

    /** The vote on {@code pfn}, whose struct page is {@code structPages[at, at + size)} (not to be kept). */
    Vote vote(long pfn, byte[] structPages, int at, int size);
}
