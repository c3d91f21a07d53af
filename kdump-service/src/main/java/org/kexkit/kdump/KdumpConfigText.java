package org.kexkit.kdump;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A config written back in kdump.conf's syntax, every key spelled out (kexkit kdump config --show). */
public final class KdumpConfigText {
    private KdumpConfigText() {
    }

    public static String write(KdumpConfig c) {
        StringBuilder s = new StringBuilder();
        line(s, "target", target(c.target()));
        if (c.target() instanceof DumpTarget.Ssh ssh) {
            if (ssh.key().isPresent()) {
                line(s, "ssh_key", ssh.key().get().toString());
            }
            if (ssh.port() != DumpTarget.Ssh.DEFAULT_PORT) {
                line(s, "ssh_port", Integer.toString(ssh.port()));
            }
        }
        line(s, "dump_level", c.dumpLevel());
        line(s, "compression", c.compression().word());
        line(s, "message_level", Integer.toString(c.messageLevel()));
        line(s, "kernel", c.kernel().map(Object::toString), "(the running kernel's /boot/vmlinuz-RELEASE)");
        line(s, "initrd", c.initrd().map(Object::toString), "(the capture environment of the running release)");
        line(s, "cmdline_append", String.join(" ", c.cmdlineAppend()));
        line(s, "cmdline_remove", String.join(" ", c.cmdlineRemove()));
        line(s, "load_method", c.loadMethod().word());
        line(s, "final_action", c.finalAction().word());
        line(s, "failure_action", c.failureAction().word());
        line(s, "keep", Integer.toString(c.keep()));
        line(s, "erase", c.erase().map(Object::toString), "(nothing erased)");
        line(s, "kallsyms", c.kallsyms().map(Object::toString), "(the dump's own kallsyms)");
        List<String> extensions = new ArrayList<>();
        c.extensions().forEach(j -> extensions.add(j.toString()));
        c.extensionArguments().forEach(a -> extensions.add(a.toString()));
        line(s, "extensions", extensions.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", extensions)),
                "(none)");
        line(s, "capture_runtime", c.captureRuntime().word());
        return s.toString();
    }

    /** The target in the config's spelling. */
    public static String target(DumpTarget t) {
        if (t instanceof DumpTarget.LocalPath l) {
            return l.path().toString();
        }
        if (t instanceof DumpTarget.BlockDevice b) {
            return b.spec() + (b.directory().equals("/") ? "" : ":" + b.directory());
        }
        if (t instanceof DumpTarget.Ssh s) {
            return "ssh " + s.destination() + ":" + s.directory();
        }
        DumpTarget.Nfs n = (DumpTarget.Nfs) t;
        return "nfs " + n.server() + ":" + n.directory();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append(value.isEmpty() ? "" : " " + value).append('\n');
    }

    private static void line(StringBuilder s, String key, Optional<String> value, String comment) {
        if (value.isPresent()) {
            line(s, key, value.get());
        } else {
            s.append("# ").append(key).append(' ').append(comment).append('\n');
        }
    }
}
