package org.kexkit.dump.source;

/** Where a note's text lies inside a dump's PT_NOTE bytes: {@code size} bytes from {@code offset}. */
public record NoteSpan(long offset, long size) {
}
