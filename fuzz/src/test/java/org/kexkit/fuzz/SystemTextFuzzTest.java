package org.kexkit.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.kexec.system.EfiSystabParser;
import org.kexkit.kexec.system.KallsymsParser;
import org.kexkit.kexec.system.SysfsValues;

/**
 * The other text a running system gives kexkit: sysfs values (hex, decimal, cpu lists as in
 * /sys/devices/system/cpu/possible), /proc/kallsyms and /sys/firmware/efi/systab.
 */
class SystemTextFuzzTest {
    @FuzzTest
    void systemText(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 4);
        String text = data.consumeRemainingAsString();
        Bounds.check("system-text", text.length(), 64, 1 << 20, () -> {
            switch (which) {
                case 0 -> SysfsValues.hex(text, "sysfs", "value");
                case 1 -> SysfsValues.decimal(text, "sysfs", "value");
                case 2 -> SysfsValues.cpuList(text, "possible");
                case 3 -> KallsymsParser.parse(text, "/proc/kallsyms");
                default -> EfiSystabParser.parse(text, "systab");
            }
        });
    }
}
