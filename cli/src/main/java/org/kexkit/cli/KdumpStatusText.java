package org.kexkit.cli;

import java.util.List;
import java.util.Map;

/** kdump status as text: one fact a line, what needs doing said with it. */
final class KdumpStatusText {
    private KdumpStatusText() {
    }

    @SuppressWarnings("unchecked")
    static String write(Map<String, Object> s) {
        StringBuilder t = new StringBuilder();
        Object error = s.get("config_error");
        line(t, "config", error != null ? "ERROR: " + error : s.get("config") + ": ok");
        if (s.get("target") != null) {
            line(t, "target", s.get("target"));
        }
        Object size = s.get("crash_size");
        line(t, "crash reservation", size == null ? "unknown (/sys/kernel/kexec_crash_size unreadable)"
                : (Long) size == 0 ? "none: boot with crashkernel=256M (or more)" : KdumpStatusCommand.size(size));
        List<String> cma = (List<String>) s.get("crash_cma_ranges");
        if (cma != null && !cma.isEmpty()) {
            line(t, "crash CMA", KdumpStatusCommand.size(s.get("crash_cma_size")) + " in " + String.join(", ", cma)
                    + ": lent to the running kernel's movable pages, the capture kernel's RAM after a panic (not dumped)");
        }
        Object crashLoaded = s.get("crash_loaded");
        Map<String, Object> loaded = (Map<String, Object>) s.get("loaded");
        String what = loaded == null ? "" : " (" + loaded.get("kernel") + " + " + loaded.get("initrd") + ", "
                + loaded.get("method") + ", " + loaded.get("loaded_at") + ")";
        line(t, "capture kernel", crashLoaded == null ? "unknown (no kexec support in /sys/kernel)"
                : (Boolean) crashLoaded ? "loaded" + what : "not loaded (kexkit kdump load)");
        line(t, "running kernel", s.get("release"));
        Map<String, Object> env = (Map<String, Object>) s.get("capture_environment");
        if (env != null) {
            line(t, "capture environment", env.get("initrd") + ((Boolean) env.get("exists") ? ", built " + env.get("modified")
                    : ": missing"));
        }
        List<String> stale = (List<String>) s.get("stale");
        if (stale.isEmpty()) {
            line(t, "current", "yes");
        } else {
            for (String why : stale) {
                line(t, "current", "no: " + why);
            }
        }
        Map<String, Object> h = (Map<String, Object>) s.get("hotplug");
        line(t, "crash hotplug", !(Boolean) h.get("kernel_support") ? "not in this kernel: the udev rule reloads on CPU"
                + " and memory hotplug" : "cpu " + yesNo(h.get("cpu")) + ", memory " + yesNo(h.get("memory"))
                + " (header " + h.get("elfcorehdr_size") + " bytes)" + ((Boolean) h.get("reload_on_hotplug")
                ? "; the udev rule reloads for the rest" : "; the kernel updates the header itself"));
        Map<String, Object> last = (Map<String, Object>) s.get("last_dump");
        if (last == null) {
            line(t, "last dump", "none");
        } else if (last.containsKey("unknown")) {
            line(t, "last dump", "unknown: " + last.get("unknown"));
        } else {
            Object result = last.get("result");
            line(t, "last dump", last.get("directory") + ": " + ("ok".equals(result) ? "ok" : "FAILED"));
            for (String key : List.of("started", "dmesg", "dump", "problem")) {
                if (last.get(key) != null) {
                    line(t, "  " + key, last.get(key));
                }
            }
        }
        line(t, "ready", (Boolean) s.get("ready") ? "yes" : "no");
        return t.toString();
    }

    private static String yesNo(Object b) {
        return b == null ? "unknown" : (Boolean) b ? "yes" : "no";
    }

    private static void line(StringBuilder t, String key, Object value) {
        t.append(String.format("%-20s %s%n", key + ":", value));
    }
}
