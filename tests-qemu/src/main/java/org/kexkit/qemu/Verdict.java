package org.kexkit.qemu;

import java.util.ArrayList;
import java.util.List;

/** What must hold for a captured vmcore to count as right, shared by the demo and the tests. */
public final class Verdict {
    private Verdict() {}

    public static List<String> problems(CaptureReport r, GuestKernel kernel) {
        List<String> p = new ArrayList<>();
        String release = r.drgn().get("release");
        if (!kernel.release().equals(release)) {
            p.add("drgn reads release '" + release + "', the guest ran " + kernel.release());
        }
        if (!"swapper/0".equals(r.drgn().get("init_task_comm"))) {
            p.add("drgn reads init_task.comm '" + r.drgn().get("init_task_comm") + "', expected swapper/0");
        }
        if (!"True".equals(r.drgn().get("marker_in_log"))) {
            p.add("the marker line " + r.marker() + " is not in the dump's kernel log");
        }
        // the filtered dump must show what the whole vmcore shows
        for (String key : java.util.List.of("release", "init_task_comm", "log_sha256", "marker_in_log", "tasks",
                "tasks_sha256", "crashed_comm", "crashed_stack")) {
            String whole = r.drgn().get(key);
            String dump = r.drgnOnDump().get(key);
            if (whole == null || !whole.equals(dump)) {
                p.add("drgn on the -d 31 -z dump reads " + key + " '" + dump + "', on the ELF vmcore '" + whole + "'");
            }
        }
        p.addAll(r.crashProblems());
        return p;
    }
}
