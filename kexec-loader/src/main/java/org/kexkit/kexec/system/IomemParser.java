package org.kexkit.kexec.system;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.kexec.KexecException;

/**
 * Parses /proc/iomem: lines {@code START-END : NAME} in hex, nested two
 * spaces per level (kernel/resource.c r_show prints "%*s%0*llx-%0*llx : %s").
 */
public final class IomemParser {
    private static final Pattern LINE = Pattern.compile("( *)([0-9a-fA-F]{1,16})-([0-9a-fA-F]{1,16}) : (.*)");

    private IomemParser() {
    }

    /**
     * @throws FormatException a line that is not {@code START-END : NAME}, or an end below its start
     * @throws KexecException  every address is zero: the kernel hides them from readers without
     *                         CAP_SYS_ADMIN (kernel/resource.c r_show), so nothing can be loaded
     */
    public static IomemTree parse(String text, String source) throws FormatException, KexecException {
        List<Node> roots = new ArrayList<>();
        Deque<Node> open = new ArrayDeque<>();
        boolean anyAddress = false;
        int count = 0;
        for (NumberedLines.Line line : NumberedLines.of(text)) {
            if (line.text().isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.text());
            if (!m.matches()) {
                throw new FormatException(source, line.offset(), "line " + line.number()
                        + ": expected START-END : NAME, found '" + line.text().strip() + "'");
            }
            int indent = m.group(1).length();
            long start = Long.parseUnsignedLong(m.group(2), 16);
            long end = Long.parseUnsignedLong(m.group(3), 16);
            if (Long.compareUnsigned(start, end) > 0) {
                throw new FormatException(source, line.offset(), "line " + line.number() + ": range end "
                        + m.group(3) + " is below its start " + m.group(2));
            }
            anyAddress |= start != 0 || end != 0;
            count++;
            while (!open.isEmpty() && open.peek().indent >= indent) {
                open.pop();
            }
            Node node = new Node(range(start, end), m.group(4), indent, open.size(), line.number());
            if (open.isEmpty()) {
                roots.add(node);
            } else {
                open.peek().children.add(node);
            }
            open.push(node);
        }
        if (count > 0 && !anyAddress) {
            throw new KexecException(source + " shows zero addresses: run as root");
        }
        return new IomemTree(roots.stream().map(Node::toEntry).toList());
    }

    /**
     * The line's range. Its end is inclusive; the last byte of the 64-bit space (never RAM) is left
     * out of a range that reaches it, so that the range has an exclusive end.
     */
    private static PhysRange range(long first, long last) {
        return last == -1L ? new PhysRange(first, last) : PhysRange.inclusive(first, last);
    }

    /** Mutable while the tree is built; {@code depth} is the nesting, {@code indent} the leading spaces. */
    private static final class Node {
        final PhysRange range;
        final String name;
        final int indent;
        final int depth;
        final int line;
        final List<Node> children = new ArrayList<>();

        Node(PhysRange range, String name, int indent, int depth, int line) {
            this.range = range;
            this.name = name;
            this.indent = indent;
            this.depth = depth;
            this.line = line;
        }

        IomemEntry toEntry() {
            return new IomemEntry(range, name, depth, line, children.stream().map(Node::toEntry).toList());
        }
    }
}
