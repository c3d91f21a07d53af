package org.kexkit.cli;

import static org.kexkit.cli.ElfHeaderText.line;
import static org.kexkit.cli.ElfHeaderText.mib;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.elfcore.ElfCore;
import org.kexkit.elfcore.ElfNote;
import org.kexkit.elfcore.PrStatus;
import org.kexkit.elfcore.ProgramHeader;
import org.kexkit.vmcoreinfo.EntryKind;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/** The summary `kexkit vmcore info` prints, as text or as JSON. */
final class VmcoreInfoReport {
    private final ElfCore core;
    private final List<PrStatus> cpus;
    private final Optional<VmcoreInfo> info;

    VmcoreInfoReport(ElfCore core) throws FormatException {
        this.core = core;
        this.cpus = core.prStatus();
        this.info = core.vmcoreInfo();
    }

    String text() {
        StringBuilder out = new StringBuilder();
        ElfHeaderText.appendHeaders(out, core);
        List<ProgramHeader> loads = core.loads();
        long loadBytes = loads.stream().mapToLong(ProgramHeader::filesz).sum();
        line(out, "  %d PT_LOAD segments, %d bytes (%s) of memory in the file", loads.size(), loadBytes,
                mib(loadBytes));
        line(out, "");
        line(out, "Notes: %d", core.notes().size());
        for (Map.Entry<String, Integer> entry : noteCounts().entrySet()) {
            line(out, "  %-28s %d", entry.getKey(), entry.getValue());
        }
        line(out, "CPUs (NT_PRSTATUS notes): %d%s", cpus.size(), cpus.isEmpty() ? ""
                : ", pids " + String.join(", ", cpus.stream().map(c -> String.valueOf(c.pid())).toList()));
        line(out, "");
        if (info.isEmpty()) {
            line(out, "VMCOREINFO: no VMCOREINFO note");
            return out.toString();
        }
        VmcoreInfo v = info.get();
        ElfNote note = core.vmcoreInfoNote().orElseThrow();
        line(out, "VMCOREINFO: note desc at 0x%x, %d bytes", note.descOffset(), note.descSize());
        line(out, "  OSRELEASE:    %s", v.osRelease().orElse("(absent)"));
        line(out, "  PAGESIZE:     %s", decimal(v.pageSize()));
        line(out, "  KERNELOFFSET: %s", hex(v.kernelOffset()));
        line(out, "  CRASHTIME:    %s", v.crashTime().isPresent()
                ? v.crashTime().getAsLong() + " (" + utc(v.crashTime().getAsLong()) + ")" : "(absent)");
        line(out, "  BUILD-ID:     %s", v.buildId().orElse("(absent)"));
        List<String> counts = new ArrayList<>();
        for (EntryKind kind : EntryKind.values()) {
            counts.add(kind + " " + v.count(kind));
        }
        line(out, "  entries:      %s", String.join(", ", counts));
        return out.toString();
    }

    String json() {
        Map<String, Object> root = ElfHeaderJson.root(core);
        List<Object> headers = new ArrayList<>();
        for (ProgramHeader ph : core.programHeaders()) {
            headers.add(ElfHeaderJson.programHeader(ph));
        }
        root.put("program_headers", headers);
        Map<String, Object> notes = new LinkedHashMap<>();
        notes.put("count", core.notes().size());
        notes.put("by_name_and_type", new LinkedHashMap<>(noteCounts()));
        root.put("notes", notes);
        root.put("cpus", cpus.size());
        root.put("pids", cpus.stream().map(PrStatus::pid).toList());
        if (info.isEmpty()) {
            root.put("vmcoreinfo", null);
        } else {
            VmcoreInfo v = info.get();
            ElfNote note = core.vmcoreInfoNote().orElseThrow();
            Map<String, Object> vi = new LinkedHashMap<>();
            vi.put("offset", note.descOffset());
            vi.put("size", note.descSize());
            vi.put("osrelease", v.osRelease().orElse(null));
            vi.put("pagesize", v.pageSize().isPresent() ? v.pageSize().getAsLong() : null);
            vi.put("kerneloffset", v.kernelOffset().isPresent() ? hex(v.kernelOffset().getAsLong()) : null);
            vi.put("crashtime", v.crashTime().isPresent() ? v.crashTime().getAsLong() : null);
            vi.put("crashtime_utc", v.crashTime().isPresent() ? utc(v.crashTime().getAsLong()) : null);
            vi.put("build_id", v.buildId().orElse(null));
            Map<String, Object> counts = new LinkedHashMap<>();
            for (EntryKind kind : EntryKind.values()) {
                counts.put(kind.name(), v.count(kind));
            }
            vi.put("counts", counts);
            root.put("vmcoreinfo", vi);
        }
        return Json.write(root);
    }

    /** Notes counted by "NAME/TYPE", in order of first appearance. */
    private Map<String, Integer> noteCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ElfNote note : core.notes()) {
            counts.merge(note.name() + "/" + noteTypeName(note), 1, Integer::sum);
        }
        return counts;
    }

    /** Names of the note types Linux cores carry (include/uapi/linux/elf.h). */
    static String noteTypeName(ElfNote note) {
        if (note.name().equals(ElfNote.VMCOREINFO) && note.type() == 0) {
            return "0";
        }
        if (note.name().equals(ElfNote.CORE) || note.name().equals("LINUX")) {
            long t = note.type();
            if (t == 1) {
                return "NT_PRSTATUS";
            } else if (t == 2) {
                return "NT_PRFPREG";
            } else if (t == 3) {
                return "NT_PRPSINFO";
            } else if (t == 4) {
                return "NT_TASKSTRUCT";
            } else if (t == 6) {
                return "NT_AUXV";
            } else if (t == 0x202) {
                return "NT_X86_XSTATE";
            }
        }
        return "0x" + Long.toHexString(note.type());
    }

    private static String utc(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    private static String decimal(OptionalLong value) {
        return value.isPresent() ? String.valueOf(value.getAsLong()) : "(absent)";
    }

    private static String hex(OptionalLong value) {
        return value.isPresent() ? hex(value.getAsLong()) : "(absent)";
    }

    private static String hex(long value) {
        return ElfHeaderJson.hex(value);
    }
}
