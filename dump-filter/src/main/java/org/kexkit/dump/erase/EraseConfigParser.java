package org.kexkit.dump.erase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an erase configuration ({@link EraseConfig}) as makedumpfile's get_config_token does: '#'
 * starts a comment, tabs are spaces, a line starting with '[' names a section, and commands are
 * whitespace-separated tokens that may run over several lines. A cast is one token with the
 * expression it precedes, spaces inside the parentheses included. Every error is one line with the
 * file and line; nothing is guessed.
 */
public final class EraseConfigParser {
    /** Larger than any hand-written configuration: a bigger file is not one. */
    static final int MAX_BYTES = 1 << 20;
    /** Loops inside loops deeper than this are refused. */
    static final int MAX_DEPTH = 8;
    private static final Set<String> KEYWORDS = Set.of("erase", "size", "nullify", "for", "in", "via", "within", "endfor");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([KkMm]?)");
    private static final Pattern TYPE = Pattern.compile(
            "(?:(struct|union|enum)\\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\\s+[A-Za-z_][A-Za-z0-9_]*)*)\\s*(\\**)\\s*(?:\\[\\s*([0-9]+)\\s*\\])?");

    private final String file;
    private final List<Token> tokens;
    private int next;

    private record Token(String text, int line, boolean section) {}

    private EraseConfigParser(String file, List<Token> tokens) {
        this.file = file;
        this.tokens = tokens;
    }

    public static EraseConfig read(Path path) throws IOException, EraseRuleException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new EraseRuleException(path.toString(), 1, size + " bytes is too large for an erase configuration");
        }
        return parse(Files.readAllBytes(path), path.toString());
    }

    public static EraseConfig parse(byte[] text, String file) throws EraseRuleException {
        if (text.length > MAX_BYTES) {
            throw new EraseRuleException(file, 1, text.length + " bytes is too large for an erase configuration");
        }
        return new EraseConfigParser(file, tokenize(new String(text, StandardCharsets.ISO_8859_1), file)).config();
    }

    private static List<Token> tokenize(String text, String file) throws EraseRuleException {
        List<Token> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            int line = n + 1;
            String l = lines[n];
            int hash = l.indexOf('#');
            if (hash >= 0) {
                l = l.substring(0, hash);
            }
            l = l.replace('\t', ' ').replace('\r', ' ');
            String stripped = l.strip();
            if (stripped.startsWith("[")) {
                int close = stripped.indexOf(']');
                String name = close < 0 ? "" : stripped.substring(1, close).strip();
                if (close < 0 || !stripped.substring(close + 1).isBlank() || !IDENTIFIER.matcher(name).matches()) {
                    throw new EraseRuleException(file, line, "expected a section header [vmlinux] or [MODULE], found '"
                            + printable(stripped) + "'");
                }
                out.add(new Token(name, line, true));
                continue;
            }
            int i = 0;
            while (i < l.length()) {
                char c = l.charAt(i);
                if (c == ' ') {
                    i++;
                    continue;
                }
                StringBuilder token = new StringBuilder();
                if (c == '(') {
                    int close = l.indexOf(')', i);
                    if (close < 0) {
                        throw new EraseRuleException(file, line, "a cast '(' without ')' on the same line");
                    }
                    token.append('(').append(l.substring(i + 1, close).strip().replaceAll(" +", " ")).append(')');
                    i = close + 1;
                    while (i < l.length() && l.charAt(i) == ' ') {
                        i++; // "(struct x) sym" is "(struct x)sym"
                    }
                }
                while (i < l.length() && l.charAt(i) != ' ') {
                    token.append(l.charAt(i++));
                }
                out.add(new Token(token.toString(), line, false));
            }
        }
        return out;
    }

    private EraseConfig config() throws EraseRuleException {
        List<EraseConfig.Section> sections = new ArrayList<>();
        String module = "vmlinux";
        int sectionLine = 1;
        List<EraseConfig.Command> commands = new ArrayList<>();
        while (next < tokens.size()) {
            Token t = tokens.get(next);
            if (t.section()) {
                if (!commands.isEmpty() || sectionLine > 1 || !module.equals("vmlinux")) {
                    sections.add(new EraseConfig.Section(module, sectionLine, commands));
                }
                module = t.text();
                sectionLine = t.line();
                commands = new ArrayList<>();
                next++;
                continue;
            }
            commands.add(command(new ArrayDeque<>()));
        }
        if (!commands.isEmpty() || !module.equals("vmlinux") || sectionLine > 1) {
            sections.add(new EraseConfig.Section(module, sectionLine, commands));
        }
        return new EraseConfig(file, sections);
    }

    /** An erase or a loop; {@code loops} are the enclosing loops' variables, innermost first. */
    private EraseConfig.Command command(Deque<String> loops) throws EraseRuleException {
        Token t = take("a command ('erase' or 'for')");
        if (t.section()) {
            throw new EraseRuleException(file, t.line(), "section [" + t.text() + "] inside a loop: 'endfor' expected first");
        }
        return switch (t.text()) {
            case "erase" -> erase(t, loops);
            case "for" -> loop(t, loops);
            default -> throw new EraseRuleException(file, t.line(), "expected 'erase' or 'for', found '"
                    + printable(t.text()) + "'");
        };
    }

    private EraseConfig.Erase erase(Token keyword, Deque<String> loops) throws EraseRuleException {
        Token target = take("a symbol after 'erase'");
        EraseConfig.Expr expr = expression(target, "a symbol after 'erase'");
        if (!loops.isEmpty() && !loops.contains(expr.root())) {
            throw new EraseRuleException(file, target.line(), "inside 'for " + loops.peek() + "' an erase must start with "
                    + (loops.size() == 1 ? "'" + loops.peek() + "'" : "a loop variable (" + String.join(", ", loops) + ")")
                    + ", found '" + printable(expr.root()) + "' (makedumpfile: unused iteration variable)");
        }
        if (expr.cast().isPresent() && loops.contains(expr.root())) {
            throw new EraseRuleException(file, target.line(), "a loop variable has its element's type; a cast is for symbols");
        }
        EraseConfig.Size size = new EraseConfig.Natural();
        if (peek("nullify")) {
            next++;
            size = new EraseConfig.Nullify();
        } else if (peek("size")) {
            Token s = tokens.get(next++);
            Token value = take("a size after 'size'");
            if (value.section() || KEYWORDS.contains(value.text())) {
                throw new EraseRuleException(file, s.line(), "expected a size or a symbol after 'size'");
            }
            var m = SIZE.matcher(value.text());
            if (Character.isDigit(value.text().charAt(0))) {
                if (!m.matches()) {
                    throw new EraseRuleException(file, value.line(), "expected a size N, NK or NM, found '"
                            + printable(value.text()) + "'");
                }
                long n;
                try {
                    n = Long.parseLong(m.group(1));
                    long unit = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
                        case "K" -> 1024;
                        case "M" -> 1024 * 1024;
                        default -> 1;
                    };
                    n = Math.multiplyExact(n, unit);
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new EraseRuleException(file, value.line(), "size '" + value.text() + "' is too large");
                }
                if (n <= 0) {
                    throw new EraseRuleException(file, value.line(), "size must be positive, found " + value.text());
                }
                size = new EraseConfig.Bytes(n);
            } else {
                size = new EraseConfig.ValueOf(expression(value, "a size or a symbol after 'size'"));
            }
        }
        return new EraseConfig.Erase(keyword.line(), expr, size);
    }

    private EraseConfig.Loop loop(Token keyword, Deque<String> loops) throws EraseRuleException {
        if (loops.size() >= MAX_DEPTH) {
            throw new EraseRuleException(file, keyword.line(), "loops nested deeper than " + MAX_DEPTH);
        }
        Token id = take("a loop variable after 'for'");
        if (id.section() || KEYWORDS.contains(id.text()) || !IDENTIFIER.matcher(id.text()).matches()) {
            throw new EraseRuleException(file, id.line(), "expected a loop variable after 'for', found '"
                    + printable(id.text()) + "'");
        }
        if (loops.contains(id.text())) {
            throw new EraseRuleException(file, id.line(), "loop variable '" + id.text() + "' is already an enclosing loop's");
        }
        Token in = take("'in' after 'for " + id.text() + "'");
        if (in.section() || !in.text().equals("in")) {
            throw new EraseRuleException(file, in.line(), "expected 'in' after 'for " + id.text() + "', found '"
                    + printable(in.text()) + "'");
        }
        Token headToken = take("a symbol after 'in'");
        EraseConfig.Expr head = expression(headToken, "a symbol after 'in'");
        EraseConfig.ListSpec list;
        if (peek("via")) {
            next++;
            Token member = take("a member after 'via'");
            if (member.section() || !IDENTIFIER.matcher(member.text()).matches() || KEYWORDS.contains(member.text())) {
                throw new EraseRuleException(file, member.line(), "expected a member name after 'via', found '"
                        + printable(member.text()) + "'");
            }
            list = new EraseConfig.Via(head, member.text());
        } else if (peek("within")) {
            next++;
            Token within = take("STRUCT:MEMBER after 'within'");
            String[] parts = within.text().split(":", -1);
            if (within.section() || parts.length > 2 || !IDENTIFIER.matcher(parts[0]).matches()
                    || (parts.length == 2 && !IDENTIFIER.matcher(parts[1]).matches())) {
                throw new EraseRuleException(file, within.line(), "expected STRUCT:MEMBER after 'within', found '"
                        + printable(within.text()) + "'");
            }
            // makedumpfile takes the member "list" when only the struct is named
            list = new EraseConfig.Within(head, parts[0], parts.length == 2 ? parts[1] : "list");
        } else {
            list = new EraseConfig.ArrayOf(head);
        }
        loops.push(id.text());
        List<EraseConfig.Command> body = new ArrayList<>();
        while (true) {
            if (next >= tokens.size()) {
                throw new EraseRuleException(file, keyword.line(), "no 'endfor' for this 'for " + id.text() + "'");
            }
            if (peek("endfor")) {
                next++;
                break;
            }
            body.add(command(loops));
        }
        loops.pop();
        if (body.isEmpty()) {
            throw new EraseRuleException(file, keyword.line(), "'for " + id.text() + "' has no erase before 'endfor'");
        }
        return new EraseConfig.Loop(keyword.line(), id.text(), list, body);
    }

    /** {@code [(TYPE)]ROOT[.member...]}. */
    private EraseConfig.Expr expression(Token t, String expected) throws EraseRuleException {
        if (t.section() || KEYWORDS.contains(t.text())) {
            throw new EraseRuleException(file, t.line(), "expected " + expected + ", found '" + printable(t.text()) + "'");
        }
        String text = t.text();
        Optional<EraseConfig.TypeName> cast = Optional.empty();
        String rest = text;
        if (text.startsWith("(")) {
            int close = text.indexOf(')');
            cast = Optional.of(typeName(text.substring(1, close), t.line()));
            rest = text.substring(close + 1);
        }
        String[] parts = rest.split("\\.", -1);
        for (String p : parts) {
            if (!IDENTIFIER.matcher(p).matches()) {
                throw new EraseRuleException(file, t.line(), "expected " + expected + " ([(TYPE)]SYMBOL[.member...]), found '"
                        + printable(text) + "'");
            }
        }
        return new EraseConfig.Expr(cast, parts[0], List.of(parts).subList(1, parts.length), text);
    }

    private EraseConfig.TypeName typeName(String text, int line) throws EraseRuleException {
        var m = TYPE.matcher(text.strip());
        if (!m.matches()) {
            throw new EraseRuleException(file, line, "expected a type in the cast, e.g. (struct task_struct) or (char *),"
                    + " found '(" + printable(text) + ")'");
        }
        long length = 0;
        if (m.group(4) != null) {
            try {
                length = Long.parseLong(m.group(4));
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length <= 0 || length > (1 << 24)) {
                throw new EraseRuleException(file, line, "array length in the cast must be 1 to " + (1 << 24));
            }
        }
        return new EraseConfig.TypeName(m.group(1) == null ? "" : m.group(1), m.group(2), m.group(3).length(), length);
    }

    private boolean peek(String keyword) {
        return next < tokens.size() && !tokens.get(next).section() && tokens.get(next).text().equals(keyword);
    }

    private Token take(String expected) throws EraseRuleException {
        if (next >= tokens.size()) {
            int line = tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line();
            throw new EraseRuleException(file, line, "expected " + expected + ", found the end of the file");
        }
        return tokens.get(next++);
    }

    /** A token for a message: at most 40 characters, unprintable ones as '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? b + "..." : b.toString();
    }
}
