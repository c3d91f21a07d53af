package org.kexkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kexkit.elfcore.ElfCoreWriter;

/** makedumpfile --dump-dmesg on a vmcore whose lockless ring holds one record. */
class MakedumpfileDmesgTest {
    static final long PAGE_OFFSET = 0xffff888000000000L;
    static final long TEXT = 0xffffffff80000000L;
    /** 6.1's layout: printk_ringbuffer, prb_desc and printk_info offsets. */
    static final String RING_INFO = """
            SYMBOL(prb)=ffffffff80000100
            SIZE(printk_ringbuffer)=88
            OFFSET(printk_ringbuffer.desc_ring)=0
            OFFSET(printk_ringbuffer.text_data_ring)=48
            OFFSET(prb_desc_ring.count_bits)=0
            OFFSET(prb_desc_ring.descs)=8
            OFFSET(prb_desc_ring.infos)=16
            OFFSET(prb_desc_ring.head_id)=24
            OFFSET(prb_desc_ring.tail_id)=32
            SIZE(prb_desc)=24
            OFFSET(prb_desc.state_var)=0
            OFFSET(prb_desc.text_blk_lpos)=8
            OFFSET(prb_data_blk_lpos.begin)=0
            OFFSET(prb_data_blk_lpos.next)=8
            SIZE(printk_info)=88
            OFFSET(printk_info.ts_nsec)=8
            OFFSET(printk_info.text_len)=16
            OFFSET(printk_info.caller_id)=20
            OFFSET(prb_data_ring.size_bits)=0
            OFFSET(prb_data_ring.data)=8
            OFFSET(atomic_long_t.counter)=0
            SYMBOL(init_top_pgt)=ffffffff80000000
            """;

    @TempDir
    Path dir;
    Path vmcore;
    CliEnvironment environment;

    @BeforeEach
    void writeVmcore() throws Exception {
        ByteBuffer ram = ByteBuffer.allocate(16 << 10).order(ByteOrder.LITTLE_ENDIAN);
        ram.putLong(0x100, TEXT + 0x200);                               // prb -> the ring at 0x200
        ram.putInt(0x200, 1).putLong(0x208, TEXT + 0x1000).putLong(0x210, TEXT + 0x2000); // 2 descs, infos
        ram.putLong(0x218, 0).putLong(0x220, 0);                        // head_id = tail_id = 0
        ram.putInt(0x230, 6).putLong(0x238, TEXT + 0x3000);             // 64-byte data ring
        String text = "KEXKIT-MARKER-1";
        ram.putLong(0x1000, 2L << 62).putLong(0x1008, 64).putLong(0x1010, 64 + 8 + text.length()); // id 0, finalized
        ram.putLong(0x2008, 2_500_000_000L).putShort(0x2010, (short) text.length()).putInt(0x2014, 1);
        ram.put(0x3008, text.getBytes(StandardCharsets.US_ASCII));
        vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n" + RING_INFO)
                .addLoad(PAGE_OFFSET, 0, ram.array()).write(vmcore);
        environment = new FakeKernel().environment(dir);
    }

    @Test
    void writesTheLogAndMakedumpfilesMessages() throws Exception {
        Path out = dir.resolve("dmesg.txt");
        CliRun run = CliRun.of(environment, "makedumpfile", "--dump-dmesg", vmcore.toString(), out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("\nThe dmesg log is saved to " + out + ".\n\nmakedumpfile Completed.\n", run.out());
        assertEquals("[    2.500000] [      T1] KEXKIT-MARKER-1\n", Files.readString(out));
    }

    @Test
    void aVmcoreWithoutTheRingIsOneLineAndExit1() throws Exception {
        String info = RING_INFO.replace("SYMBOL(prb)=ffffffff80000100\n", "");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n" + info)
                .addLoad(PAGE_OFFSET, 0, new byte[4096]).write(vmcore);
        CliRun run = CliRun.of(environment, "makedumpfile", "--dump-dmesg", vmcore.toString(), dir.resolve("log").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().matches("kexkit: " + java.util.regex.Pattern.quote(vmcore.toString())
                + ": offset 0x[0-9a-f]+: VMCOREINFO has no SYMBOL\\(prb\\).*"), run.err());
    }

    @Test
    void aRingOutsideTheVmcoreNamesItsAddress() throws Exception {
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo("OSRELEASE=6.1.0-test\nPAGESIZE=4096\n" + RING_INFO)
                .addLoad(PAGE_OFFSET, 0, new byte[4096]).write(vmcore); // prb reads as NULL
        CliRun run = CliRun.of(environment, "makedumpfile", "--dump-dmesg", vmcore.toString(), dir.resolve("log").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.errLine().endsWith("SYMBOL(prb): struct printk_ringbuffer at 0x0 (0x58 bytes) is not in the "
                + "vmcore's memory"), run.err());
    }

    @Test
    void dumpDmesgNeedsBothFiles() {
        CliRun run = CliRun.of(environment, "makedumpfile", "--dump-dmesg", vmcore.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.errLine().contains("--dump-dmesg takes VMCORE and LOGFILE"), run.err());
    }
}
