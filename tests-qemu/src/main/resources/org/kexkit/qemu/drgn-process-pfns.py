# The frames mapped in the user address space of the processes named COMM, found drgn's way: each
# VMA of each such task's mm (for_each_vma), each page of it translated with follow_pfn (drgn's own
# page table walk). Prints "tasks N" (threads of that name with an mm, each mm once), "vmas N",
# then one "pfn HEX" line per distinct frame. Without COMM, lists "pid comm pages" of every user
# process (to choose one). Usage: drgn-process-pfns.py VMCORE VMLINUX [COMM]
import sys

import drgn
from drgn import FaultError
from drgn.helpers.linux.mm import follow_pfn, for_each_vma
from drgn.helpers.linux.pid import for_each_task

PAGE = 4096


def frames(mm):
    out, vmas = set(), 0
    for vma in for_each_vma(mm):
        vmas += 1
        start, end = vma.vm_start.value_(), vma.vm_end.value_()
        for addr in range(start, end, PAGE):
            try:
                out.add(follow_pfn(mm, addr).value_())
            except (FaultError, ValueError):
                pass
    return out, vmas


def main():
    core, vmlinux = sys.argv[1:3]
    wanted = sys.argv[3].encode() if len(sys.argv) > 3 else None
    prog = drgn.Program()
    prog.set_core_dump(core)
    prog.load_debug_info([vmlinux])
    seen, pfns, tasks, vmas = set(), set(), 0, 0
    for t in for_each_task(prog):
        mm = t.mm
        if not mm:
            continue
        comm = t.comm.string_()
        if wanted is None:
            if mm.value_() not in seen:
                seen.add(mm.value_())
                print(f"{t.pid.value_()} {comm.decode(errors='replace')} {len(frames(mm)[0])}")
            continue
        if comm != wanted:
            continue
        tasks += 1
        if mm.value_() in seen:
            continue
        seen.add(mm.value_())
        f, v = frames(mm)
        pfns |= f
        vmas += v
    if wanted is not None:
        print(f"tasks {tasks}")
        print(f"vmas {vmas}")
        for p in sorted(pfns):
            print(f"pfn {p:x}")


main()
