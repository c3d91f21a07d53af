package org.kexkit.dump.printk;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kexkit.bin.PhysicalMemory;
import org.kexkit.dump.memory.ByteArrayMemory;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.dump.memory.X86PageTableWalk;
import org.kexkit.elfcore.ElfCoreWriter;
import org.kexkit.vmcoreinfo.VmcoreInfoParser;

/**
 * 64 KiB of physical memory seen through the kernel text mapping (phys_base 0) and the
 * direct map, so kernel variables can be laid out at known virtual addresses without page
 * tables; and a VMCOREINFO text to go with it, as if at file offset {@link #NOTE_OFFSET}.
 */
final class SyntheticMemory {
    static final long TEXT = KernelAddressSpace.START_KERNEL_MAP;
    static final long PAGE_OFFSET = 0xffff888000000000L;
    static final long NOTE_OFFSET = 0x1000;
    static final String FILE = "vmcore";

    final byte[] ram = new byte[64 << 10];
    final Map<String, String> vmcoreInfo = new LinkedHashMap<>();

    /** Little-endian access to the physical memory behind a text-mapping or direct-map address. */
    ByteBuffer at(long vaddr) {
        long phys = Long.compareUnsigned(vaddr, TEXT) >= 0 ? vaddr - TEXT : vaddr - PAGE_OFFSET;
        return ByteBuffer.wrap(ram).order(ByteOrder.LITTLE_ENDIAN).position((int) phys);
    }

    SyntheticMemory putLong(long vaddr, long v) {
        at(vaddr).putLong(v);
        return this;
    }

    SyntheticMemory putInt(long vaddr, int v) {
        at(vaddr).putInt(v);
        return this;
    }

    SyntheticMemory putShort(long vaddr, int v) {
        at(vaddr).putShort((short) v);
        return this;
    }

    SyntheticMemory putText(long vaddr, String text) {
        at(vaddr).put(text.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    SyntheticMemory info(String key, Object value) {
        if (value == null) {
            vmcoreInfo.remove(key);
        } else {
            vmcoreInfo.put(key, value instanceof Long l ? Long.toHexString(l) : value.toString());
        }
        return this;
    }

    KernelAddressSpace space() {
        PhysicalMemory memory = new ByteArrayMemory(ram, FILE);
        return new KernelAddressSpace(memory, PAGE_OFFSET, 46, 0, new X86PageTableWalk(memory, 0, false, 0));
    }

    VmcoreInfoLocation where() throws Exception {
        byte[] bytes = vmcoreInfoText().getBytes(StandardCharsets.US_ASCII);
        return new VmcoreInfoLocation(VmcoreInfoParser.parse(bytes, FILE, NOTE_OFFSET), FILE, NOTE_OFFSET);
    }

    String vmcoreInfoText() {
        StringBuilder text = new StringBuilder("OSRELEASE=test\nPAGESIZE=4096\n");
        vmcoreInfo.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    /** An ELF vmcore of this memory: one PT_LOAD in the direct map, the page tables at phys 0 (unused). */
    Path writeVmcore(Path dir) throws java.io.IOException {
        Path vmcore = dir.resolve("vmcore");
        new ElfCoreWriter().addPrStatus(1).addVmcoreInfo(vmcoreInfoText() + "SYMBOL(init_top_pgt)=ffffffff80000000\n")
                .addLoad(PAGE_OFFSET, 0, ram.clone()).write(vmcore);
        return vmcore;
    }
}
