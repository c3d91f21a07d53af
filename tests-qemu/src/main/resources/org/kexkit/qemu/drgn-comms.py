# Lists every task drgn finds in a vmcore (for_each_task, plus init_task) with its comm, one
# "pid comm-in-hex" line each, so a test can compare dumps. Usage: drgn-comms.py VMCORE VMLINUX
import sys

import drgn
from drgn.helpers.linux.pid import for_each_task


def main():
    core, vmlinux = sys.argv[1:3]
    prog = drgn.Program()
    prog.set_core_dump(core)
    prog.load_debug_info([vmlinux])
    init = prog["init_task"]
    print(f"init {bytes(init.comm.value_()).hex()}")
    for t in for_each_task(prog):
        print(f"{t.pid.value_()} {bytes(t.comm.value_()).hex()}")


main()
