package org.kexkit.dump.erase;

import java.util.List;
import java.util.Optional;

/**
 * An erase configuration in makedumpfile.conf's grammar (makedumpfile.conf(5)) with kexkit's two
 * additions, a C cast before an expression, for symbols whose type BTF does not give, and loops
 * inside loops:
 *
 * <pre>
 * [vmlinux] | [MODULE]                       sections; lines before any belong to vmlinux
 * erase EXPR [size N[K|M] | size EXPR | nullify]
 * for ID in EXPR [via MEMBER | within STRUCT[:MEMBER]]
 *     erase ID[.member...] [size ... | nullify]
 *     for ... endfor                         (kexkit: nested)
 * endfor
 * EXPR = [(TYPE)]SYMBOL[.member...] | ID[.member...]
 * TYPE = [struct|union|enum] NAME [*...] [[N]]
 * </pre>
 *
 * @param file     the file's name, for messages
 * @param sections in file order
 */
public record EraseConfig(String file, List<Section> sections) {
    public EraseConfig {
        sections = List.copyOf(sections);
    }

    /** The commands of one section; {@code module} is "vmlinux" or a module's name. */
    public record Section(String module, int line, List<Command> commands) {
        public Section {
            commands = List.copyOf(commands);
        }
    }

    /** A command: an erase or a loop. */
    public sealed interface Command permits Erase, Loop {
        int line();
    }

    /** {@code erase TARGET [size ...|nullify]}. */
    public record Erase(int line, Expr target, Size size) implements Command {}

    /** {@code for VAR in LIST ... endfor}. */
    public record Loop(int line, String variable, ListSpec list, List<Command> body) implements Command {
        public Loop {
            body = List.copyOf(body);
        }
    }

    /** How much an erase covers. */
    public sealed interface Size permits Natural, Bytes, ValueOf, Nullify {}

    /** No size given: the target type's (a string's length for char *). */
    public record Natural() implements Size {}

    /** {@code size N[K|M]}. */
    public record Bytes(long count) implements Size {}

    /** {@code size EXPR}: an integer read from the dump. */
    public record ValueOf(Expr value) implements Size {}

    /** {@code nullify}: the pointer itself is set to 0. */
    public record Nullify() implements Size {}

    /** What a loop walks. */
    public sealed interface ListSpec permits ArrayOf, Via, Within {
        Expr head();
    }

    /** {@code in ARRAY}: every element (NULL pointers of an array of pointers skipped). */
    public record ArrayOf(Expr head) implements ListSpec {}

    /** {@code in STRUCT via NEXT}: follow NEXT until NULL or back to the first. */
    public record Via(Expr head, String next) implements ListSpec {}

    /** {@code in LIST_HEAD within STRUCT:MEMBER}: the structs whose MEMBER is on the list. */
    public record Within(Expr head, String struct, String member) implements ListSpec {}

    /**
     * {@code [(TYPE)]ROOT[.member...]}; {@code text} is the expression as written (spaces inside the cast
     * made single), as the eraseinfo records it.
     */
    public record Expr(Optional<TypeName> cast, String root, List<String> members, String text) {
        public Expr {
            members = List.copyOf(members);
        }
    }

    /**
     * A type written in a cast: {@code kind} is "struct", "union", "enum" or "" (a typedef or base
     * type such as u32 or unsigned long), then pointer levels and an array length (0: not an array).
     */
    public record TypeName(String kind, String name, int pointers, long arrayLength) {
        public String text() {
            return (kind.isEmpty() ? "" : kind + " ") + name + (pointers > 0 ? " " + "*".repeat(pointers) : "")
                    + (arrayLength > 0 ? "[" + arrayLength + "]" : "");
        }
    }
}
