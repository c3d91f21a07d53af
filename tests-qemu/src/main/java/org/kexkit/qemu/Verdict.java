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
        return p;
    }
}
