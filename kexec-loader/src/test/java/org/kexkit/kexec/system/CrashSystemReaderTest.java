package org.kexkit.kexec.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.bin.FormatException;
import org.kexkit.bin.PhysRange;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.elfcore.NoteLocation;
import org.kexkit.kexec.FakeSystem;
import org.kexkit.kexec.KexecException;

class CrashSystemReaderTest {
    @TempDir
    Path dir;
    FakeSystem system;

    @BeforeEach
    void setUp() {
        system = new FakeSystem(dir);
    }

    @Test
    void vmcoreinfoWithAndWithout0x() throws Exception {
        system.file("sys/kernel/vmcoreinfo", "0x0000000004d04000 1024\n");
        assertEquals(Optional.of(new NoteLocation(0x4d04000L, 0x1024)), system.crashReader().vmcoreInfo());
        system.file("sys/kernel/vmcoreinfo", "4d04000 1024\n");
        assertEquals(Optional.of(new NoteLocation(0x4d04000L, 0x1024)), system.crashReader().vmcoreInfo());
    }

    @Test
    void missingOptionalFilesAreEmpty() throws Exception {
        CrashSystemReader reader = system.crashReader();
        assertEquals(Optional.empty(), reader.vmcoreInfo());
        assertEquals(Optional.empty(), reader.firmwareMemmap());
        assertEquals(Optional.empty(), reader.efiSystemTable());
        assertEquals(OptionalLong.empty(), reader.crashElfcorehdrSize());
    }

    @Test
    void missingRequiredFileNamesIt() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> system.crashReader().iomem());
        assertEquals(system.name("proc/iomem"), e.getFile());
    }

    @Test
    void malformedVmcoreinfoIsOneLine() {
        system.file("sys/kernel/vmcoreinfo", "0x4d04000\n");
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().vmcoreInfo());
        assertEquals(system.name("sys/kernel/vmcoreinfo") + ": offset 0x0: expected 'ADDRESS SIZE' in hex, found '0x4d04000'",
                e.getMessage());
        system.file("sys/kernel/vmcoreinfo", "0x4d04000 zz\n");
        e = assertThrows(FormatException.class, () -> system.crashReader().vmcoreInfo());
        assertEquals(system.name("sys/kernel/vmcoreinfo") + ": offset 0x0: expected the note size as a hex number, found 'zz'",
                e.getMessage());
    }

    @Test
    void crashNotesPerPossibleCpuWithDefaultSize() throws Exception {
        system.file("sys/devices/system/cpu/possible", "0-3\n")
                .file("sys/devices/system/cpu/present", "0-1\n")
                .file("sys/devices/system/cpu/cpu0/crash_notes", "2d239600\n")
                .file("sys/devices/system/cpu/cpu0/crash_notes_size", "368\n")
                .file("sys/devices/system/cpu/cpu1/crash_notes", "0x2d339600\n");
        CrashSystemReader reader = system.crashReader();
        assertEquals(List.of(0, 1, 2, 3), reader.possibleCpus());
        assertEquals(List.of(0, 1), reader.presentCpus());
        assertEquals(List.of(new CpuCrashNote(0, new NoteLocation(0x2d239600L, 368)),
                new CpuCrashNote(1, new NoteLocation(0x2d339600L, 1024))), reader.cpuCrashNotes());
    }

    @Test
    void malformedCrashNotesIsOneLine() {
        system.file("sys/devices/system/cpu/possible", "0\n")
                .file("sys/devices/system/cpu/cpu0/crash_notes", "not-an-address\n");
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().cpuCrashNotes());
        assertEquals(system.name("sys/devices/system/cpu/cpu0/crash_notes")
                + ": offset 0x0: expected the crash notes address as a hex number, found 'not-an-address'", e.getMessage());
        system.file("sys/devices/system/cpu/cpu0/crash_notes", "1000\n")
                .file("sys/devices/system/cpu/cpu0/crash_notes_size", "0x170\n");
        e = assertThrows(FormatException.class, () -> system.crashReader().cpuCrashNotes());
        assertEquals(system.name("sys/devices/system/cpu/cpu0/crash_notes_size")
                + ": offset 0x0: expected the crash notes size as a decimal number, found '0x170'", e.getMessage());
    }

    @Test
    void malformedCpuList() {
        system.file("sys/devices/system/cpu/possible", "0-1,3-x\n");
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().possibleCpus());
        assertEquals(system.name("sys/devices/system/cpu/possible")
                + ": offset 0x4: expected a CPU list like 0-3,5, found '3-x'", e.getMessage());
    }

    @Test
    void firmwareMemmapInIndexOrder() throws Exception {
        for (String[] entry : new String[][] {{"10", "0x100000000", "0x17fffffff", "System RAM"},
                {"2", "0xf0000", "0xfffff", "Reserved"}, {"0", "0x0", "0x9fbff", "System RAM"}}) {
            system.file("sys/firmware/memmap/" + entry[0] + "/start", entry[1] + "\n")
                    .file("sys/firmware/memmap/" + entry[0] + "/end", entry[2] + "\n")
                    .file("sys/firmware/memmap/" + entry[0] + "/type", entry[3] + "\n");
        }
        assertEquals(List.of(new FirmwareMemmapEntry(0, PhysRange.inclusive(0, 0x9fbff), "System RAM"),
                new FirmwareMemmapEntry(2, PhysRange.inclusive(0xf0000, 0xfffff), "Reserved"),
                new FirmwareMemmapEntry(10, PhysRange.inclusive(0x100000000L, 0x17fffffffL), "System RAM")),
                system.crashReader().firmwareMemmap().orElseThrow());
    }

    @Test
    void kallsymsSymbolsAndErrors() throws Exception {
        system.file("proc/kallsyms", "ffffffff81000000 T _stext\nffffffff81000000 T _text\n"
                + "ffffffffc0000000 t helper\t[virtio]\nffffffff84230000 B _end\n");
        assertEquals(new KernelSymbols(0xffffffff81000000L, 0xffffffff81000000L, 0xffffffff84230000L),
                system.crashReader().kernelSymbols());
        system.file("proc/kallsyms", "0000000000000000 T _stext\n0000000000000000 T _text\n0000000000000000 B _end\n");
        KexecException hidden = assertThrows(KexecException.class, () -> system.crashReader().kernelSymbols());
        assertEquals(system.name("proc/kallsyms") + " shows zero addresses: run as root", hidden.getMessage());
        system.file("proc/kallsyms", "ffffffff81000000 T _text\nffffffff81000000T_stext\n");
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().kernelSymbols());
        assertEquals(system.name("proc/kallsyms")
                + ": offset 0x19: line 2: expected ADDRESS TYPE NAME, found 'ffffffff81000000T_stext'", e.getMessage());
        system.file("proc/kallsyms", "ffffffff81000000 T _text\nffffffff81000000 T _stext\n");
        e = assertThrows(FormatException.class, () -> system.crashReader().kernelSymbols());
        assertTrue(e.getMessage().endsWith("expected the symbol _end, found none"), e.getMessage());
    }

    @Test
    void efiSystabGivesTheRsdp() throws Exception {
        system.file("sys/firmware/efi/systab", "SMBIOS3=0x7f8f0000\nACPI20=0x7fb7e014\nACPI=0x7fb7e000\n");
        EfiSystemTable table = system.crashReader().efiSystemTable().orElseThrow();
        assertEquals(OptionalLong.of(0x7fb7e014L), table.acpiRsdp());
        assertEquals(OptionalLong.of(0x7fb7e000L), new EfiSystemTable(Map.of("ACPI", 0x7fb7e000L)).acpiRsdp());
        system.file("sys/firmware/efi/systab", "ACPI20=0x7fb7e014\nACPI=\n");
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().efiSystemTable());
        assertEquals(system.name("sys/firmware/efi/systab") + ": offset 0x12: line 2: expected ACPI as a hex number, found ''",
                e.getMessage());
    }

    @Test
    void directMapBaseFromKcoreLoads() throws Exception {
        // kcore-like: kernel text (p_paddr = __pa_symbol), vmalloc (no p_paddr), then RAM in the direct map
        byte[] kcore = new ElfCoreWriter()
                .addLoad(0xffffffff81000000L, 0x1000000, new byte[16])
                .addLoad(0xffa0000000000000L, -1, new byte[16])
                .addLoad(0xff38b4e000001000L, 0x1000, new byte[16])
                .toBytes();
        java.nio.file.Files.createDirectories(dir.resolve("proc"));
        java.nio.file.Files.write(dir.resolve("proc/kcore"), kcore);
        assertEquals(0xff38b4e000000000L, system.crashReader().directMapBase());
    }

    @Test
    void directMapBaseFallsBackToKexecToolsRounding() throws Exception {
        byte[] kcore = new ElfCoreWriter()
                .addLoad(0xff38b4e000001000L, -1, new byte[16])
                .addLoad(0xff38b4e000100000L, -1, new byte[16])
                .toBytes();
        java.nio.file.Files.createDirectories(dir.resolve("proc"));
        java.nio.file.Files.write(dir.resolve("proc/kcore.head"), kcore);
        assertEquals(0xff38b4e000000000L, system.crashReader().directMapBase());
    }

    @Test
    void kcoreWithoutDirectMapIsAnError() throws Exception {
        byte[] kcore = new ElfCoreWriter().addLoad(0xffffffff81000000L, 0x1000000, new byte[16]).toBytes();
        java.nio.file.Files.createDirectories(dir.resolve("proc"));
        java.nio.file.Files.write(dir.resolve("proc/kcore"), kcore);
        FormatException e = assertThrows(FormatException.class, () -> system.crashReader().directMapBase());
        assertEquals(system.name("proc/kcore")
                + ": offset 0x40: expected a PT_LOAD of the direct map (below 0xffffffff80000000), found none", e.getMessage());
    }
}
