package org.kexkit.bin;

/**
 * Bad or truncated data in a binary or text format. The message always says
 * where: {@code NAME: offset 0xHEX: what was expected and what was found}, so
 * a user can open the file at that offset and see the problem. It is one line
 * whatever the data held: control characters that a message quotes from the
 * input (a name with a line break in it) are shown escaped ({@code \n}, {@code \x01}; {@link OneLine}).
 */
public final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final String problem;

    public FormatException(String source, long offset, String problem) {
        super(OneLine.of(source) + ": offset 0x" + Long.toHexString(offset) + ": " + OneLine.of(problem));
        this.source = source;
        this.offset = offset;
        this.problem = OneLine.of(problem);
    }

    /** The file or stream name the data came from. */
    public String source() {
        return source;
    }

    /** Absolute offset of the bad data in its file. */
    public long offset() {
        return offset;
    }

    /** The message without the source and offset prefix. */
    public String problem() {
        return problem;
    }
}
