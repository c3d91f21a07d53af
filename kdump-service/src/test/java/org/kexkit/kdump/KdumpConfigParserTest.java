package org.kexkit.kdump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.dump.extension.ExtensionArgument;
import org.kexkit.dump.extension.TestJars;
import org.kexkit.extension.ExtensionApi;

class KdumpConfigParserTest {
    private static final Path FILE = Path.of("/etc/kexkit/kdump.conf");

    private static KdumpConfig parse(String text) throws KdumpConfigException {
        return KdumpConfigParser.parse(FILE, text);
    }

    private static String error(String text) {
        return assertThrows(KdumpConfigException.class, () -> parse(text)).getMessage();
    }

    @Test
    void emptyGivesDefaults() throws Exception {
        assertEquals(KdumpConfig.defaults(), parse(""));
        assertEquals(KdumpConfig.defaults(), parse("# nothing\n\n   # still nothing\n"));
    }

    @Test
    void shippedFileIsTheDefaults() throws Exception {
        // the packaged conffile documents every key commented out: it must mean exactly the defaults
        assertEquals(KdumpConfig.defaults(), KdumpConfigFile.read(Path.of("src/main/dist/kdump.conf")));
    }

    @Test
    void everyKey() throws Exception {
        KdumpConfig c = parse("""
                dump_level 11,31   # retry list
                compression lzo
                message_level 23
                target ssh root@dumps.example.org:/srv/crash/
                ssh_key /etc/kexkit/ssh/id
                ssh_port 2222
                kernel /boot/vmlinuz-7.2
                initrd /var/lib/kexkit/c.img
                cmdline_append irqpoll nr_cpus=1
                cmdline_remove quiet
                load_method kexec_load
                final_action poweroff
                failure_action shell
                keep 0
                """);
        assertEquals("11,31", c.dumpLevel());
        assertEquals(Compression.LZO, c.compression());
        assertEquals(23, c.messageLevel());
        assertEquals(new DumpTarget.Ssh("root", "dumps.example.org", 2222, "/srv/crash", Optional.of(Path.of("/etc/kexkit/ssh/id"))),
                c.target());
        assertEquals(Optional.of(Path.of("/boot/vmlinuz-7.2")), c.kernel());
        assertEquals(List.of("irqpoll", "nr_cpus=1"), c.cmdlineAppend());
        assertEquals(List.of("quiet"), c.cmdlineRemove());
        assertEquals(LoadMethod.KEXEC_LOAD, c.loadMethod());
        assertEquals(AfterAction.POWEROFF, c.finalAction());
        assertEquals(AfterAction.SHELL, c.failureAction());
        assertEquals(0, c.keep());
        assertEquals(c, parse(KdumpConfigText.write(c)));
    }

    @Test
    void targets() throws Exception {
        assertEquals(new DumpTarget.LocalPath(Path.of("/var/crash")), parse("target /var/crash/").target());
        assertEquals(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.UUID, "0d8a-11", "/"),
                parse("target UUID=0d8a-11").target());
        assertEquals(new DumpTarget.BlockDevice(DumpTarget.BlockDevice.Key.LABEL, "dumps", "/kdump"),
                parse("target LABEL=dumps:/kdump").target());
        assertEquals(new DumpTarget.Nfs("nas", "/export/crash"), parse("target nfs nas:/export/crash").target());
        assertEquals(new DumpTarget.Ssh("kd", "10.0.2.2", 22, "/d", Optional.empty()), parse("target ssh kd@10.0.2.2:/d").target());
        DumpTarget.Ssh ssh = (DumpTarget.Ssh) parse("target ssh kd@10.0.2.2:/d").target();
        assertEquals(Path.of("/root/.ssh/kdump_id_rsa"), ssh.identity(), "kdump-tools' and kdump-utils' default key");
        assertEquals("10.0.2.2", ssh.knownHostsName());
        assertEquals("[10.0.2.2]:2222", ((DumpTarget.Ssh) parse("target ssh kd@10.0.2.2:/d\nssh_port 2222")
                .target()).knownHostsName());
        KdumpConfig ported = parse("target ssh kd@[fd00::2]:/d\nssh_port 2022");
        assertEquals("[fd00::2]:2022", ((DumpTarget.Ssh) ported.target()).knownHostsName());
        assertEquals(ported, parse(KdumpConfigText.write(ported)));
        KdumpConfig c = parse("target LABEL=dumps:/kdump\n");
        assertEquals(c, parse(KdumpConfigText.write(c)));
    }

    @Test
    void errorsQuotingTheFileAreOneLine() {
        // a key or value with a terminal escape or a carriage return in it is shown escaped
        assertEquals("/etc/kexkit/kdump.conf:1: compression: 'x\\x1b[2J' is not one of none, zlib, lzo, snappy, zstd",
                error("compression x\u001b[2J"));
        assertEquals("/etc/kexkit/kdump.conf:1: col\\x07our: unknown key", error("col\u0007our blue").replaceAll(" \\(known.*", ""));
    }

    @Test
    void errorsNameFileLineAndKey() {
        assertEquals("/etc/kexkit/kdump.conf:2: dump_level: dump level 64 is out of range 0-63",
                error("# c\ndump_level 64\n"));
        assertEquals("/etc/kexkit/kdump.conf:1: dump_level: '3 1' is not a dump level 0-63 or a comma list of them",
                error("dump_level 3 1"));
        assertEquals("/etc/kexkit/kdump.conf:1: compression: 'gzip' is not one of none, zlib, lzo, snappy, zstd",
                error("compression gzip"));
        assertEquals("/etc/kexkit/kdump.conf:3: keep: given twice", error("keep 1\n\nkeep 2"));
        assertEquals("/etc/kexkit/kdump.conf:1: colour: unknown key (known: dump_level, compression, message_level,"
                + " target, ssh_key, ssh_port, kernel, initrd, cmdline_append, cmdline_remove, load_method, final_action,"
                + " failure_action, keep, erase, kallsyms, extensions, capture_runtime)", error("colour blue"));
        assertEquals("/etc/kexkit/kdump.conf:1: final_action: missing value", error("final_action"));
        assertEquals("/etc/kexkit/kdump.conf:1: kernel: 'vmlinuz' is not an absolute path", error("kernel vmlinuz"));
        assertEquals("/etc/kexkit/kdump.conf:2: ssh_key: only for an ssh target", error("target /x\nssh_key /k"));
        assertEquals("/etc/kexkit/kdump.conf:1: ssh_port: only for an ssh target", error("ssh_port 2222"));
        assertEquals("/etc/kexkit/kdump.conf:2: ssh_port: '0' is not a number 1-65535", error("target ssh u@h:/d\nssh_port 0"));
        assertEquals("/etc/kexkit/kdump.conf:1: cmdline_remove: 'quiet=1': name parameters without a value (every"
                + " quiet= is removed)", error("cmdline_remove quiet=1"));
    }

    @Test
    void whereTheCaptureTakesItsRuntimeFrom() throws Exception {
        assertEquals(CaptureRuntime.IMAGE, parse("").captureRuntime());
        assertEquals(CaptureRuntime.DISK, parse("capture_runtime disk\n").captureRuntime());
        assertEquals("/etc/kexkit/kdump.conf:1: capture_runtime: 'nfs' is not one of image, disk",
                error("capture_runtime nfs"));
        assertTrue(KdumpConfigText.write(parse("capture_runtime disk\n")).contains("capture_runtime disk\n"));
    }

    @Test
    void eraseRulesAndTheirKallsyms() throws Exception {
        KdumpConfig c = parse("erase /etc/kexkit/erase.conf\nkallsyms /boot/System.map-7.2\n");
        assertEquals(Optional.of(Path.of("/etc/kexkit/erase.conf")), c.erase());
        assertEquals(Optional.of(Path.of("/boot/System.map-7.2")), c.kallsyms());
        assertEquals("/etc/kexkit/kdump.conf:1: erase: 'erase.conf' is not an absolute path", error("erase erase.conf"));
        assertEquals("/etc/kexkit/kdump.conf:1: kallsyms: only used by erase rules and extensions; add an erase or"
                + " extensions line or remove this one", error("kallsyms /boot/System.map"));
    }

    @Test
    void eraseRulesAreCheckedWhenTheFileIsRead(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("erase.conf"), "[vmlinux]\nerase (struct task_struct)init_task.comm\n");
        Path conf = Files.writeString(dir.resolve("kdump.conf"), "\nerase " + rules + "\n");
        assertEquals(Optional.of(rules), KdumpConfigFile.read(conf).erase());
        Files.writeString(rules, "[vmlinux]\nfor t in\n");
        String e = assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage();
        assertTrue(e.startsWith(conf + ":2: erase: " + rules + ": line 2: "), e);
        Files.delete(rules);
        e = assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage();
        assertEquals(conf + ":2: erase: cannot read " + rules + " (no such file)", e);
    }

    @Test
    void extensionsAreJarsThenArguments() throws Exception {
        KdumpConfig c = parse("extensions /usr/lib/kexkit/ext/samples.jar /opt/v.jar process-page-dropper.comm=sshd"
                + " v.mode=\nkallsyms /boot/System.map\n");
        assertEquals(List.of(Path.of("/usr/lib/kexkit/ext/samples.jar"), Path.of("/opt/v.jar")), c.extensions());
        assertEquals(List.of(new ExtensionArgument("process-page-dropper", "comm", "sshd"),
                new ExtensionArgument("v", "mode", "")), c.extensionArguments());
        assertEquals(c, parse(KdumpConfigText.write(c)));
        assertTrue(KdumpConfigText.write(KdumpConfig.defaults()).contains("# extensions (none)\n"));
        assertEquals("/etc/kexkit/kdump.conf:2: extensions: 'comm=sshd' is neither a jar (an absolute path) nor an"
                + " extension argument NAME.KEY=VALUE", error("\nextensions /x.jar comm=sshd"));
        assertEquals("/etc/kexkit/kdump.conf:1: extensions: no jar: give the extension jars as absolute paths, then"
                + " their arguments NAME.KEY=VALUE", error("extensions a.b=c"));
        assertEquals("/etc/kexkit/kdump.conf:1: extensions: missing value", error("extensions"));
    }

    @Test
    void extensionsAreCheckedWhenTheFileIsRead(@TempDir Path dir) throws Exception {
        String source = """
                package sample;
                public final class E implements org.kexkit.extension.Extension {
                    public String name() { return "e"; }
                    public int apiVersion() { return org.kexkit.extension.ExtensionApi.VERSION + %d; }
                    public java.util.Map<String, String> arguments() { return java.util.Map.of("comm", "c"); }
                }
                """;
        Path jar = TestJars.build(dir, "e.jar", Map.of("sample.E", source.formatted(0)), List.of("sample.E"));
        Path conf = Files.writeString(dir.resolve("kdump.conf"), "\nextensions " + jar + " e.comm=sshd\n");
        assertEquals(List.of(jar), KdumpConfigFile.read(conf).extensions());
        Files.writeString(conf, "\nextensions " + jar + " e.pid=1\n");
        assertEquals(conf + ":2: extensions: extension argument e.pid=1: e (" + jar + ") takes only comm",
                assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage());
        Path missing = dir.resolve("missing.jar");
        Files.writeString(conf, "\nextensions " + missing + "\n");
        assertEquals(conf + ":2: extensions: " + missing + ": no such file",
                assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage());
        Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
        Files.writeString(conf, "\nextensions " + text + "\n");
        assertEquals(conf + ":2: extensions: " + text + ": not a jar: zip END header not found",
                assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage());
        Path future = TestJars.build(dir, "f.jar", Map.of("sample.E", source.formatted(1)), List.of("sample.E"));
        Files.writeString(conf, "\nextensions " + future + "\n");
        assertEquals(conf + ":2: extensions: e (" + future + ") is built for extension API version "
                + (ExtensionApi.VERSION + 1) + ", this kexkit has version " + ExtensionApi.VERSION,
                assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(conf)).getMessage());
    }

    @Test
    void remoteDirectoriesNeedNoQuoting() {
        assertEquals("/etc/kexkit/kdump.conf:1: target: directory '/a;rm -rf' must be absolute and use only letters,"
                + " digits and . _ + - /", error("target ssh u@h:/a;rm -rf"));
        assertEquals("/etc/kexkit/kdump.conf:1: target: directory '/a/../b' must be absolute and use only letters,"
                + " digits and . _ + - /", error("target ssh u@h:/a/../b"));
        assertEquals("/etc/kexkit/kdump.conf:1: target: 'u@h' is not user@host:/directory", error("target ssh u@h"));
        assertEquals("/etc/kexkit/kdump.conf:1: target: 'crash' is not a directory (/var/crash), UUID=...[:/dir],"
                + " LABEL=...[:/dir], ssh user@host:/dir or nfs server:/dir", error("target crash"));
    }

    @Test
    void fileChecks(@TempDir Path dir) throws Exception {
        assertEquals(KdumpConfig.defaults(), KdumpConfigFile.read(dir.resolve("absent")));
        Path binary = dir.resolve("bin");
        Files.write(binary, new byte[] {'k', 'e', 'e', 'p', ' ', '1', '\n', 0, 1});
        assertEquals(binary + ":2: (file): a NUL byte: not a text file",
                assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(binary)).getMessage());
        Path big = dir.resolve("big");
        Files.write(big, new byte[KdumpConfigFile.MAX_BYTES + 10]);
        assertThrows(KdumpConfigException.class, () -> KdumpConfigFile.read(big));
    }
}
