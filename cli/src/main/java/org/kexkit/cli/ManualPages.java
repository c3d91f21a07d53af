package org.kexkit.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The package's manual pages and bash completion, written at build time from the command model itself, so they
 * say what --help says: kexkit(8), one page per command of the top level (kexkit-kdump(8), ...), kdump.conf(5)
 * from the commented defaults file, and picocli's completion script.
 *
 * <p>Usage: {@code ManualPages OUTDIR KDUMP_CONF VERSION}; writes OUTDIR/man8/*.8, OUTDIR/man5/kdump.conf.5 and
 * OUTDIR/completion/kexkit.
 */
public final class ManualPages {
    private final String version;

    private ManualPages(String version) {
        this.version = version;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ManualPages OUTDIR KDUMP_CONF VERSION");
        }
        Path out = Path.of(args[0]);
        ManualPages pages = new ManualPages(args[2]);
        CommandLine whole = new CommandBuilder(CliEnvironment.live()).whole();
        Files.createDirectories(out.resolve("man8"));
        Files.createDirectories(out.resolve("man5"));
        Files.createDirectories(out.resolve("completion"));
        write(out.resolve("man8/kexkit.8"), pages.top(whole));
        for (CommandLine sub : whole.getSubcommands().values()) {
            write(out.resolve("man8/kexkit-" + sub.getCommandName() + ".8"), pages.group(sub));
        }
        write(out.resolve("man5/kdump.conf.5"), pages.kdumpConf(Files.readString(Path.of(args[1]), StandardCharsets.UTF_8)));
        write(out.resolve("completion/kexkit"), AutoComplete.bash("kexkit", whole));
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private String header(String name, int section, String summary) {
        return ".TH " + name.toUpperCase(Locale.ROOT) + " " + section + " \"\" \"kexkit " + escape(version)
                + "\" \"kexkit manual\"\n.SH NAME\n" + escape(name) + " \\- " + escape(summary) + "\n";
    }

    String top(CommandLine root) {
        StringBuilder s = new StringBuilder(header("kexkit", 8, "kexec and kdump toolkit for x86-64 Linux"));
        s.append(".SH SYNOPSIS\n.B kexkit\n.I COMMAND\n[\\fIOPTIONS\\fR]\n.SH DESCRIPTION\n");
        paragraphs(s, root.getCommandSpec().usageMessage().description());
        s.append(".SH COMMANDS\n");
        for (CommandLine sub : root.getSubcommands().values()) {
            s.append(".TP\n.BR kexkit\\-").append(escape(sub.getCommandName())).append(" (8)\n")
                    .append(escape(firstSentence(sub.getCommandSpec()))).append('\n');
        }
        options(s, root.getCommandSpec());
        s.append(".SH EXIT STATUS\n0 success, 1 error (one line on stderr naming the file and offset for bad input),"
                + " 2 usage error.\n");
        seeAlso(s, root, null);
        return s.toString();
    }

    String group(CommandLine command) {
        String name = "kexkit-" + command.getCommandName();
        StringBuilder s = new StringBuilder(header(name, 8, firstSentence(command.getCommandSpec())));
        if (command.getSubcommands().isEmpty()) {
            body(s, command, ".SH");
        } else {
            s.append(".SH SYNOPSIS\n");
            for (CommandLine sub : command.getSubcommands().values()) {
                s.append(".B kexkit ").append(escape(command.getCommandName())).append(' ')
                        .append(escape(sub.getCommandName())).append("\n[\\fIOPTIONS\\fR]\n.br\n");
            }
            s.append(".SH DESCRIPTION\n");
            paragraphs(s, command.getCommandSpec().usageMessage().description());
            for (CommandLine sub : command.getSubcommands().values()) {
                s.append(".SH \"KEXKIT ").append(escape(command.getCommandName().toUpperCase(Locale.ROOT))).append(' ')
                        .append(escape(sub.getCommandName().toUpperCase(Locale.ROOT))).append("\"\n");
                body(s, sub, ".SS");
            }
        }
        if (command.getCommandName().equals("kdump")) {
            s.append(".SH FILES\n.TP\n/etc/kexkit/kdump.conf\nthe settings, see\n.BR kdump.conf (5)\n"
                    + ".TP\n/run/kexkit/kdump\\-loaded\nwhat kexkit kdump load loaded\n"
                    + ".TP\n/usr/lib/systemd/system/kexkit\\-kdump.service\nloads at boot\n");
        }
        if (command.getCommandName().equals("kexec")) {
            s.append(".SH FILES\n.TP\n/run/kexkit/kexec\\-loaded\nhow kexkit kexec \\-l loaded the kexec kernel"
                    + " (kexec_load or kexec_file_load), for kexec \\-e \\-\\-preserve\n");
        }
        seeAlso(s, command.getParent(), command.getCommandName());
        return s.toString();
    }

    private void body(StringBuilder s, CommandLine command, String heading) {
        CommandSpec spec = command.getCommandSpec();
        s.append(heading).append(" SYNOPSIS\n.nf\n");
        for (String line : synopsis(command)) {
            s.append(escapeLine(line)).append('\n');
        }
        s.append(".fi\n").append(heading).append(" DESCRIPTION\n");
        paragraphs(s, spec.usageMessage().description());
        if (!spec.positionalParameters().isEmpty()) {
            s.append(heading).append(" ARGUMENTS\n");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                s.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n");
                paragraphs(s, p.description());
            }
        }
        if (heading.equals(".SH")) {
            options(s, spec);
        } else {
            optionList(s, spec, heading + " OPTIONS\n");
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            s.append(".PP\n.nf\n");
            for (String line : footer) {
                s.append(escapeLine(line)).append('\n');
            }
            s.append(".fi\n");
        }
    }

    private static List<String> synopsis(CommandLine command) {
        String[] custom = command.getCommandSpec().usageMessage().customSynopsis();
        if (custom.length > 0) {
            return List.of(custom);
        }
        return List.of(new CommandLine.Help(command.getCommandSpec(), CommandLine.Help.defaultColorScheme(
                CommandLine.Help.Ansi.OFF)).synopsis(0).strip().split("\n"));
    }

    private void options(StringBuilder s, CommandSpec spec) {
        optionList(s, spec, ".SH OPTIONS\n");
    }

    private void optionList(StringBuilder s, CommandSpec spec, String heading) {
        List<OptionSpec> options = new ArrayList<>(spec.options());
        if (options.isEmpty()) {
            return;
        }
        s.append(heading);
        for (OptionSpec o : options) {
            s.append(".TP\n");
            List<String> names = new ArrayList<>();
            for (String n : o.names()) {
                names.add("\\fB" + escape(n) + "\\fR");
            }
            s.append(String.join(", ", names));
            if (o.typeInfo().getType() != boolean.class && o.typeInfo().getType() != Boolean.class) {
                s.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            s.append('\n');
            paragraphs(s, o.description());
        }
    }

    private static void paragraphs(StringBuilder s, String[] lines) {
        boolean first = true;
        for (String line : lines) {
            if (!first) {
                s.append(".PP\n");
            }
            s.append(escapeLine(line)).append('\n');
            first = false;
        }
    }

    private static void seeAlso(StringBuilder s, CommandLine root, String self) {
        s.append(".SH SEE ALSO\n");
        List<String> refs = new ArrayList<>();
        if (self != null) {
            refs.add(".BR kexkit (8)");
        }
        if ("kdump".equals(self)) {
            refs.add(".BR kdump.conf (5)");
        }
        if (self == null) {
            refs.add(".BR kdump.conf (5)");
        }
        s.append(String.join(",\n", refs)).append('\n');
    }

    private static String firstSentence(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        if (d.length == 0) {
            return "";
        }
        String first = d[0];
        int stop = first.indexOf(". ");
        String sentence = stop > 0 ? first.substring(0, stop) : first;
        sentence = sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }

    /**
     * kdump.conf(5) from the commented defaults file: its opening comment is the description, and each comment
     * block followed by commented-out {@code #key value} lines describes those keys, with the line as the default.
     */
    String kdumpConf(String conf) {
        StringBuilder s = new StringBuilder(header("kdump.conf", 5, "settings of the kexkit kdump service"));
        s.append(".SH SYNOPSIS\n/etc/kexkit/kdump.conf\n.SH DESCRIPTION\n");
        List<String> block = new ArrayList<>();
        boolean described = false;
        for (String raw : conf.split("\n")) {
            String line = raw.strip();
            if (line.matches("#[a-z_]+( .*)?") ) {
                if (!described) {
                    s.append(".SH KEYS\n");
                    described = true;
                }
                s.append(".TP\n\\fB").append(escape(line.substring(1))).append("\\fR\n");
                // the file's own line breaks: its key lists are laid out in columns
                if (!block.isEmpty()) {
                    s.append(".nf\n");
                    block.forEach(l -> s.append(escapeLine(l)).append('\n'));
                    s.append(".fi\n");
                }
                block.clear();
            } else if (line.startsWith("#")) {
                String text = line.length() > 1 ? line.substring(1).strip() : "";
                if (text.isEmpty()) {
                    flush(s, block, described);
                } else {
                    block.add(text);
                }
            } else {
                flush(s, block, described);
            }
        }
        flush(s, block, true);
        s.append(".SH SEE ALSO\n.BR kexkit\\-kdump (8)\n");
        return s.toString();
    }

    /** A comment block no key line follows: a paragraph of its own. */
    private static void flush(StringBuilder s, List<String> block, boolean described) {
        if (block.isEmpty()) {
            return;
        }
        s.append(described ? ".PP\n" : "").append(".nf\n");
        for (String l : block) {
            s.append(escapeLine(l)).append('\n');
        }
        s.append(".fi\n");
        block.clear();
    }

    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    /** A line of running text: escaped, and never starting with a control character. */
    static String escapeLine(String text) {
        String e = escape(text);
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }
}
