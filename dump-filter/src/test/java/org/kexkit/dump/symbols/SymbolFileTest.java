package org.kexkit.dump.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.kexkit.bin.FormatException;
import org.kexkit.vmcoreinfo.VmcoreInfo;
import org.kexkit.vmcoreinfo.VmcoreInfoParser;

class SymbolFileTest {
    private static VmcoreInfo info(String text) throws FormatException {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return VmcoreInfoParser.parse(b, "vmcoreinfo", 0);
    }

    private static SymbolFile parse(String map, VmcoreInfo info) throws FormatException {
        return SymbolFile.parse(map.getBytes(StandardCharsets.US_ASCII), "System.map", info);
    }

    @Test
    void aSystemMapIsShiftedByKernelOffset() throws Exception {
        VmcoreInfo info = info("SYMBOL(_stext)=ffffffffac000000\nKERNELOFFSET=2b000000\n");
        SymbolFile f = parse("0000000000000000 D fixed_percpu_data\nffffffff81000000 T _stext\n"
                + "ffffffff82a0c940 D init_task\n", info);
        assertEquals(0x2b000000L, f.shift());
        assertEquals(OptionalLong.of(0xffffffffada0c940L), f.address("init_task"));
        assertEquals(OptionalLong.of(0), f.address("fixed_percpu_data"), "per-cpu offsets do not move");
    }

    @Test
    void aStubOrAnotherBuildIsRefused() throws Exception {
        VmcoreInfo info = info("SYMBOL(_stext)=ffffffffac000000\nKERNELOFFSET=2b000000\n");
        assertEquals("System.map: offset 0x0: no _stext, so it cannot be matched to the vmcore's kernel",
                assertThrows(FormatException.class, () -> parse(
                        "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n", info))
                        .getMessage());
        assertEquals("System.map: offset 0x0: _stext is 0xffffffff81200000 here but 0xffffffffac000000 in the vmcore"
                        + " (KERNELOFFSET 0x2b000000): this file is of another kernel build",
                assertThrows(FormatException.class, () -> parse("ffffffff81200000 T _stext\n", info)).getMessage());
    }
}
