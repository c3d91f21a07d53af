# Reads a pmem dump with drgn (an independent reader) and prints what the harness checks, one
# "key=value" line each. Usage:
#   pmem-check.py DUMP VMLINUX meta=NAME:PADDR:SIZE ... pattern=PFN,PFN,... inode=N page=NAME:PFN ...
# meta: sha256 of the physical range as the dump gives it (or the first address it cannot read);
# pattern: how many of these pfns the dump can read (a pmem user-data page must not be there);
# page: the struct page of a pmem pfn read through the kernel's vmemmap (mapping, index, pgmap).
import hashlib
import sys

import drgn
from drgn.helpers.linux.mm import pfn_to_page


def member(obj, *names):
    for n in names:
        try:
            return getattr(obj, n)
        except (AttributeError, LookupError):
            continue
    raise LookupError("none of " + ",".join(names))


def main():
    core, vmlinux = sys.argv[1:3]
    prog = drgn.Program()
    prog.set_core_dump(core)
    prog.load_debug_info([vmlinux])
    out = {}
    for arg in sys.argv[3:]:
        key, value = arg.split("=", 1)
        if key == "meta":
            name, paddr, size = value.split(":")
            paddr, size = int(paddr, 0), int(size, 0)
            h = hashlib.sha256()
            try:
                for at in range(paddr, paddr + size, 4096):
                    h.update(prog.read(at, 4096, True))
                out["meta_%s_sha256" % name] = h.hexdigest()
            except drgn.FaultError as e:
                out["meta_%s_error" % name] = "0x%x" % e.address
        elif key == "pattern":
            readable = 0
            for pfn in value.split(","):
                try:
                    prog.read(int(pfn, 0) * 4096, 4096, True)
                    readable += 1
                except drgn.FaultError:
                    pass
            out["pattern_readable"] = readable
        elif key == "inode":
            out["expected_inode"] = value
        elif key == "page":
            name, pfn = value.split(":")
            try:
                page = pfn_to_page(prog, int(pfn, 0))
                out["page_%s_vmemmap" % name] = hex(page.value_())
                try:
                    pgmap = member(page, "pgmap")
                except LookupError:
                    pgmap = member(drgn.cast("struct folio *", page), "pgmap")
                out["page_%s_pgmap_type" % name] = pgmap.type.value_()
                out["fsdax_type"] = prog["MEMORY_DEVICE_FS_DAX"].value_()
                mapping = member(page, "mapping").value_()
                out["page_%s_mapping" % name] = hex(mapping)
                if mapping and not mapping & 1:
                    space = drgn.Object(prog, "struct address_space *", mapping)
                    out["page_%s_inode" % name] = space.host.i_ino.value_()
                    out["page_%s_index" % name] = member(page, "index", "__folio_index").value_()
            except drgn.FaultError as e:
                out["page_%s_error" % name] = "fault at 0x%x" % e.address
            except Exception as e:  # the checks say what is missing
                out["page_%s_error" % name] = repr(e)
    for k, v in out.items():
        print("%s=%s" % (k, v))


main()
