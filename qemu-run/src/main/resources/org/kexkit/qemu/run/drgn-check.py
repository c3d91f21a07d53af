# Opens a vmcore with drgn (an independent reader) and prints what the harness checks,
# one "key=value" line each. Usage: drgn-check.py VMCORE VMLINUX|- MARKER
# With "-" drgn looks for debug info itself; without any, what needs types is reported as debug_info_error.
import hashlib
import sys

import drgn
from drgn.helpers.linux.pid import for_each_task
from drgn.helpers.linux.printk import get_dmesg


def main():
    core, vmlinux, marker = sys.argv[1:4]
    prog = drgn.Program()
    prog.set_core_dump(core)
    out = {}
    if vmlinux == "-":
        try:
            prog.load_default_debug_info()
        except Exception as e:
            out["debug_info_error"] = repr(e).replace("\n", " ")
            # drgn takes the release from VMCOREINFO without debug info; the rest needs types
            out["release"] = prog["UTS_RELEASE"].string_().decode()
            for k, v in out.items():
                print(f"{k}={v}")
            return
    else:
        prog.load_debug_info([vmlinux])
    out["release"] = prog["init_uts_ns"].name.release.string_().decode()
    out["init_task_comm"] = prog["init_task"].comm.string_().decode()
    log = get_dmesg(prog).decode(errors="replace")
    out["log_lines"] = log.count("\n")
    out["marker_in_log"] = marker in log
    out["sysrq_in_log"] = "sysrq: Trigger a crash" in log
    out["log_sha256"] = hashlib.sha256(log.encode()).hexdigest()
    tasks = sorted((t.pid.value_(), t.comm.string_().decode(errors="replace")) for t in for_each_task(prog))
    out["tasks"] = len(tasks)
    out["tasks_sha256"] = hashlib.sha256(repr(tasks).encode()).hexdigest()
    try:
        thread = prog.crashed_thread()
        out["crashed_tid"] = thread.tid
        out["crashed_comm"] = thread.object.comm.string_().decode()
        frames = [f.name for f in thread.stack_trace() if f.name]
        out["crashed_stack"] = ",".join(frames[:12])
    except Exception as e:  # the checks below say what is missing
        out["crashed_error"] = repr(e)
    for k, v in out.items():
        print(f"{k}={v}")


main()
