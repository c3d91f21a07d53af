package org.kexkit.kdump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kexkit.dump.erase.EraseConfigParser;
import org.kexkit.dump.erase.EraseRuleException;
import org.kexkit.dump.extension.ExtensionJars;
import org.kexkit.dump.extension.ExtensionLoadException;
import org.kexkit.extension.ExtensionApi;

/** kdump.conf on disk: read whole (it is small), checked, parsed. */
public final class KdumpConfigFile {
    /** Far above any real config; a larger file is a mistake (a dump named as the config), not read into memory. */
    static final int MAX_BYTES = 1 << 20;

    private KdumpConfigFile() {
    }

    /** The config in {@code file}; a missing file gives the defaults. */
    public static KdumpConfig read(Path file) throws IOException, KdumpConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return KdumpConfig.defaults();
        }
        if (bytes.length > MAX_BYTES) {
            throw new KdumpConfigException(file, 0, "(file)", "larger than " + MAX_BYTES + " bytes: not a kdump.conf");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KdumpConfigException(file, 0, "(file)", "not UTF-8 text");
        }
        if (text.indexOf('\0') >= 0) {
            throw new KdumpConfigException(file, 1 + (int) text.substring(0, text.indexOf('\0')).chars()
                    .filter(c -> c == '\n').count(), "(file)", "a NUL byte: not a text file");
        }
        KdumpConfig config = KdumpConfigParser.parse(file, text);
        if (config.erase().isPresent()) {
            checkEraseRules(file, text, config.erase().get());
        }
        if (!config.extensions().isEmpty()) {
            checkExtensions(file, text, config);
        }
        return config;
    }

    /**
     * Each jar opened and its extensions loaded now, as the capture will: a missing file, a jar with no
     * extension, one built for a newer extension API, or an argument no extension takes stops the
     * service here rather than the capture after a crash. Whether the dump's kernel has what an
     * extension needs is known only from the dump.
     */
    private static void checkExtensions(Path file, String text, KdumpConfig config) throws KdumpConfigException {
        int line = KdumpConfigParser.lineOf(text.split("\n", -1), "extensions");
        try (ExtensionJars jars = ExtensionJars.load(config.extensions(), config.extensionArguments())) {
            for (ExtensionJars.Found f : jars.found()) {
                int version = f.extension().apiVersion();
                if (version > ExtensionApi.VERSION) {
                    throw new KdumpConfigException(file, line, "extensions", f.describe() + " is built for extension API"
                            + " version " + version + ", this kexkit has version " + ExtensionApi.VERSION);
                }
            }
        } catch (ExtensionLoadException e) {
            throw new KdumpConfigException(file, line, "extensions", e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            throw new KdumpConfigException(file, line, "extensions", "an extension cannot be loaded: " + e);
        }
    }

    /** The rules are parsed now, so that the service never loads a capture whose erasure would fail after a crash. */
    private static void checkEraseRules(Path file, String text, Path rules) throws KdumpConfigException {
        int line = KdumpConfigParser.lineOf(text.split("\n", -1), "erase");
        try {
            EraseConfigParser.read(rules);
        } catch (EraseRuleException e) {
            throw new KdumpConfigException(file, line, "erase", e.getMessage());
        } catch (NoSuchFileException e) {
            throw new KdumpConfigException(file, line, "erase", "cannot read " + rules + " (no such file)");
        } catch (IOException e) {
            throw new KdumpConfigException(file, line, "erase", "cannot read " + rules + " (" + e.getMessage() + ")");
        }
    }
}
