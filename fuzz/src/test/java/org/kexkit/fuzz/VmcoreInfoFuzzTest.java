package org.kexkit.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.kexkit.dump.filter.StructPageLayout;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.printk.LocklessRingLayout;
import org.kexkit.dump.printk.RecordLogLayout;
import org.kexkit.vmcoreinfo.VmcoreInfo;
import org.kexkit.vmcoreinfo.VmcoreInfoParser;

/** VMCOREINFO text, and the layouts the filter and the dmesg reader take from it. */
class VmcoreInfoFuzzTest {
    @FuzzTest
    @DictionaryEntries({"OSRELEASE=", "PAGESIZE=", "BUILD-ID=", "KERNELOFFSET=", "CRASHTIME=", "SYMBOL(", "OFFSET(",
            "SIZE(", "NUMBER(", "LENGTH(", ")=", "page.flags", "printk_ringbuffer", "prb", "mem_section"})
    void vmcoreInfo(byte[] input) {
        Bounds.check("vmcoreinfo", input.length, 32, 1 << 20, () -> {
            VmcoreInfo info = VmcoreInfoParser.parse(input, "vmcoreinfo", 0);
            info.osRelease();
            info.pageSize();
            info.kernelOffset();
            info.buildId();
            VmcoreInfoLocation where = new VmcoreInfoLocation(info, "vmcoreinfo", 0);
            try {
                StructPageLayout.of(where);
            } catch (org.kexkit.bin.FormatException e) {
                // each layout on its own: a missing entry for one must not hide the others
            }
            try {
                LocklessRingLayout.of(where);
            } catch (org.kexkit.bin.FormatException e) {
                // as above
            }
            RecordLogLayout.of(where);
        });
    }
}
