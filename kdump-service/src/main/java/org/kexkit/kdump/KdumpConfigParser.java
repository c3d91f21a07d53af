package org.kexkit.kdump;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kexkit.dump.extension.ExtensionArgument;
import org.kexkit.dump.extension.ExtensionLoadException;

/**
 * Reads kdump.conf: one {@code key value} per line (kdump-utils' layout), {@code #} starts a comment, a key
 * at most once; keys left out keep their {@link KdumpConfig#defaults() defaults}. The first problem ends the
 * parse with the file, line and key: the service loads nothing from a config it only half understands.
 */
public final class KdumpConfigParser {
    /** Keys kept for later issues, refused until they work rather than silently ignored. */
    static final Set<String> RESERVED = Set.of();
    /** Characters of a remote directory: the remote shell gets it unquoted, so nothing it could interpret. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/+-]*");
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SSH = Pattern.compile("([a-z_][a-z0-9_-]*)@([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(/.*)");
    private static final Pattern DEVICE = Pattern.compile("(UUID|LABEL)=([^:\\s]+)(?::(/.*))?");
    private static final Pattern NFS = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):(/.*)");
    private static final Pattern DUMP_LEVEL = Pattern.compile("\\d{1,2}(,\\d{1,2})*");

    private final Path file;

    private KdumpConfigParser(Path file) {
        this.file = file;
    }

    /** Parses {@code text}, the contents of {@code file} (named in errors). */
    public static KdumpConfig parse(Path file, String text) throws KdumpConfigException {
        return new KdumpConfigParser(file).parse(text);
    }

    private KdumpConfig parse(String text) throws KdumpConfigException {
        KdumpConfig d = KdumpConfig.defaults();
        String dumpLevel = d.dumpLevel();
        Compression compression = d.compression();
        int messageLevel = d.messageLevel();
        String targetText = null;
        int targetLine = 0;
        Optional<Path> sshKey = Optional.empty();
        int sshPort = DumpTarget.Ssh.DEFAULT_PORT;
        Optional<Path> kernel = d.kernel();
        Optional<Path> initrd = d.initrd();
        List<String> append = d.cmdlineAppend();
        List<String> remove = d.cmdlineRemove();
        LoadMethod method = d.loadMethod();
        AfterAction finalAction = d.finalAction();
        AfterAction failureAction = d.failureAction();
        int keep = d.keep();
        Optional<Path> erase = d.erase();
        Optional<Path> kallsyms = d.kallsyms();
        List<Path> extensions = d.extensions();
        List<ExtensionArgument> extensionArguments = d.extensionArguments();
        CaptureRuntime runtime = d.captureRuntime();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] kv = line.split("\\s+", 2);
            String key = kv[0];
            String value = kv.length > 1 ? kv[1] : "";
            if (RESERVED.contains(key)) {
                throw new KdumpConfigException(file, number, key, "reserved for a later kexkit release and not"
                        + " supported yet; remove the line");
            }
            if (!seen.add(key)) {
                throw new KdumpConfigException(file, number, key, "given twice");
            }
            Line at = new Line(number, key, value);
            switch (key) {
                case "dump_level" -> dumpLevel = dumpLevel(at);
                case "compression" -> compression = word(at, Compression.class);
                case "message_level" -> messageLevel = number(at, 0, 31);
                case "target" -> {
                    targetText = at.require();
                    targetLine = number;
                }
                case "ssh_key" -> sshKey = Optional.of(absolute(at));
                case "ssh_port" -> sshPort = number(at, 1, 65535);
                case "kernel" -> kernel = Optional.of(absolute(at));
                case "initrd" -> initrd = Optional.of(absolute(at));
                case "cmdline_append" -> append = words(value);
                case "cmdline_remove" -> remove = names(at);
                case "load_method" -> method = spelled(at, LoadMethod.values(), LoadMethod::word);
                case "final_action" -> finalAction = word(at, AfterAction.class);
                case "failure_action" -> failureAction = word(at, AfterAction.class);
                case "keep" -> keep = number(at, 0, 1000);
                case "erase" -> erase = Optional.of(absolute(at));
                case "kallsyms" -> kallsyms = Optional.of(absolute(at));
                case "extensions" -> {
                    extensions = new ArrayList<>();
                    extensionArguments = new ArrayList<>();
                    extensions(at, extensions, extensionArguments);
                }
                case "capture_runtime" -> runtime = spelled(at, CaptureRuntime.values(), CaptureRuntime::word);
                default -> throw new KdumpConfigException(file, number, key, "unknown key (known: dump_level,"
                        + " compression, message_level, target, ssh_key, ssh_port, kernel, initrd, cmdline_append, cmdline_remove,"
                        + " load_method, final_action, failure_action, keep, erase, kallsyms, extensions, capture_runtime)");
            }
        }
        DumpTarget target = targetText == null ? d.target() : target(new Line(targetLine, "target", targetText), sshKey,
                sshPort);
        for (String sshOnly : List.of("ssh_key", "ssh_port")) {
            if (seen.contains(sshOnly) && !(target instanceof DumpTarget.Ssh)) {
                throw new KdumpConfigException(file, lineOf(lines, sshOnly), sshOnly, "only for an ssh target");
            }
        }
        if (kallsyms.isPresent() && erase.isEmpty() && extensions.isEmpty()) {
            throw new KdumpConfigException(file, lineOf(lines, "kallsyms"), "kallsyms", "only used by erase rules and"
                    + " extensions; add an erase or extensions line or remove this one");
        }
        return new KdumpConfig(dumpLevel, compression, messageLevel, target, kernel, initrd, append, remove, method,
                finalAction, failureAction, keep, erase, kallsyms, extensions, extensionArguments, runtime);
    }

    private record Line(int number, String key, String value) {
        String require() {
            return value;
        }
    }

    private KdumpConfigException bad(Line at, String problem) {
        return new KdumpConfigException(file, at.number(), at.key(), problem);
    }

    private String nonEmpty(Line at) throws KdumpConfigException {
        if (at.value().isEmpty()) {
            throw bad(at, "missing value");
        }
        return at.value();
    }

    private String dumpLevel(Line at) throws KdumpConfigException {
        String v = nonEmpty(at);
        if (!DUMP_LEVEL.matcher(v).matches()) {
            throw bad(at, "'" + v + "' is not a dump level 0-63 or a comma list of them");
        }
        for (String level : v.split(",")) {
            if (Integer.parseInt(level) > 63) {
                throw bad(at, "dump level " + level + " is out of range 0-63");
            }
        }
        return v;
    }

    private <E extends Enum<E>> E word(Line at, Class<E> type) throws KdumpConfigException {
        String v = nonEmpty(at);
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(v)) {
                return e;
            }
        }
        throw bad(at, "'" + v + "' is not one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).reduce((a, b) -> a + ", " + b).orElse(""));
    }

    /** One of an enum's spellings (LoadMethod's and CaptureRuntime's are not their lower-cased names). */
    private <E> E spelled(Line at, E[] values, java.util.function.Function<E, String> word) throws KdumpConfigException {
        String v = nonEmpty(at);
        for (E e : values) {
            if (word.apply(e).equals(v)) {
                return e;
            }
        }
        throw bad(at, "'" + v + "' is not one of " + String.join(", ", Arrays.stream(values).map(word).toList()));
    }

    private int number(Line at, int min, int max) throws KdumpConfigException {
        String v = nonEmpty(at);
        if (!v.matches("\\d{1,9}") || Integer.parseInt(v) < min || Integer.parseInt(v) > max) {
            throw bad(at, "'" + v + "' is not a number " + min + "-" + max);
        }
        return Integer.parseInt(v);
    }

    private Path absolute(Line at) throws KdumpConfigException {
        String v = nonEmpty(at);
        if (!v.startsWith("/") || v.contains("\0")) {
            throw bad(at, "'" + v + "' is not an absolute path");
        }
        return Path.of(v).normalize();
    }

    /**
     * {@code JAR... [NAME.KEY=VALUE...]}: words starting with '/' are jars (absolute paths), the others
     * arguments in --extension-arg's form; at least one jar. Whether each jar holds extensions the
     * arguments fit is checked by {@link KdumpConfigFile} (it opens files; parsing does not).
     */
    private void extensions(Line at, List<Path> jars, List<ExtensionArgument> arguments) throws KdumpConfigException {
        for (String w : words(nonEmpty(at))) {
            if (w.startsWith("/")) {
                jars.add(absolute(new Line(at.number(), at.key(), w)));
                continue;
            }
            try {
                arguments.add(ExtensionArgument.parse(w));
            } catch (ExtensionLoadException e) {
                throw bad(at, "'" + w + "' is neither a jar (an absolute path) nor an extension argument"
                        + " NAME.KEY=VALUE");
            }
        }
        if (jars.isEmpty()) {
            throw bad(at, "no jar: give the extension jars as absolute paths, then their arguments NAME.KEY=VALUE");
        }
    }

    private static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }

    private List<String> names(Line at) throws KdumpConfigException {
        List<String> names = new ArrayList<>();
        for (String w : words(at.value())) {
            if (w.contains("=")) {
                throw bad(at, "'" + w + "': name parameters without a value (every " + w.substring(0, w.indexOf('='))
                        + "= is removed)");
            }
            names.add(w);
        }
        return names;
    }

    private DumpTarget target(Line at, Optional<Path> sshKey, int sshPort) throws KdumpConfigException {
        String v = nonEmpty(at);
        if (v.startsWith("/")) {
            return new DumpTarget.LocalPath(Path.of(v).normalize());
        }
        Matcher m = DEVICE.matcher(v);
        if (m.matches()) {
            String dir = m.group(3) == null ? "/" : directory(at, m.group(3));
            return new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.valueOf(m.group(1)), m.group(2), dir);
        }
        String[] kind = v.split("\\s+", 2);
        if (kind.length == 2 && kind[0].equals("ssh")) {
            Matcher s = SSH.matcher(kind[1]);
            if (!s.matches()) {
                throw bad(at, "'" + kind[1] + "' is not user@host:/directory");
            }
            return new DumpTarget.Ssh(s.group(1), s.group(2), sshPort, directory(at, s.group(3)), sshKey);
        }
        if (kind.length == 2 && kind[0].equals("nfs")) {
            Matcher n = NFS.matcher(kind[1]);
            if (!n.matches()) {
                throw bad(at, "'" + kind[1] + "' is not server:/export/directory");
            }
            return new DumpTarget.Nfs(n.group(1), directory(at, n.group(2)));
        }
        throw bad(at, "'" + v + "' is not a directory (/var/crash), UUID=...[:/dir], LABEL=...[:/dir],"
                + " ssh user@host:/dir or nfs server:/dir");
    }

    /** A directory that needs no quoting anywhere: absolute, plain characters, no "..". */
    private String directory(Line at, String dir) throws KdumpConfigException {
        if (!SAFE_PATH.matcher(dir).matches() || Arrays.asList(dir.split("/")).contains("..")) {
            throw bad(at, "directory '" + dir + "' must be absolute and use only letters, digits and . _ + - /");
        }
        return dir.length() > 1 && dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir;
    }

    static int lineOf(String[] lines, String key) {
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].strip().startsWith(key)) {
                return i + 1;
            }
        }
        return 0;
    }

    static boolean safeName(String name) {
        return SAFE_NAME.matcher(name).matches();
    }
}
