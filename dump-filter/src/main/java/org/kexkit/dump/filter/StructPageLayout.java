package org.kexkit.dump.filter;

import java.util.OptionalLong;
import org.kexkit.bin.FormatException;
import org.kexkit.dump.memory.VmcoreInfoLocation;
import org.kexkit.vmcoreinfo.EntryKind;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * Where struct page's fields are (VMCOREINFO OFFSET(page.*), SIZE(page)); -1 for a
 * field the kernel does not export.
 *
 * @param compoundHead OFFSET(page.compound_head), or page.compound_info since Linux 7.1
 * @param compoundOrder OFFSET(page.compound_order) (4.16-6.2) or OFFSET(folio._folio_order) relative to the head (6.3-6.5)
 * @param compoundDtor  OFFSET(page.compound_dtor) or OFFSET(folio._folio_dtor), same rule
 */
public record StructPageLayout(int size, int flags, int mapping, int mapcount, int privateData, int compoundHead,
        int compoundOrder, int compoundDtor) {

    public static StructPageLayout of(VmcoreInfoLocation where) throws FormatException {
        VmcoreInfo info = where.info();
        long size = where.require(EntryKind.SIZE, "page");
        if (size < 32 || size > 1024) {
            throw where.error("SIZE(page)", size + " is not a plausible struct page size");
        }
        int flags = field(where, size, "page.flags", true);
        int mapping = field(where, size, "page.mapping", true);
        int mapcount = field(where, size, "page._mapcount", false);
        int privateData = field(where, size, "page.private", false);
        int head = info.offset("page.compound_head").isPresent() ? field(where, size, "page.compound_head", false)
                : field(where, size, "page.compound_info", false);
        int order = -1;
        int dtor = -1;
        if (info.offset("folio._folio_order").isPresent()) {
            // folio offsets count from the head; page[1] starts SIZE(page) later
            order = (int) info.offset("folio._folio_order").getAsLong();
            dtor = (int) info.offset("folio._folio_dtor").orElse(-1);
        } else if (info.offset("page.compound_order").isPresent()) {
            order = (int) (size + field(where, size, "page.compound_order", false));
            OptionalLong d = info.offset("page.compound_dtor");
            dtor = d.isPresent() ? (int) (size + field(where, size, "page.compound_dtor", false)) : -1;
        }
        return new StructPageLayout((int) size, flags, mapping, mapcount, privateData, head, order, dtor);
    }

    private static int field(VmcoreInfoLocation where, long size, String name, boolean required) throws FormatException {
        OptionalLong v = where.info().offset(name);
        if (v.isEmpty()) {
            if (required) {
                throw where.error("OFFSET(" + name + ")", "missing; page filtering needs it (makedumpfile get_mem_type)");
            }
            return -1;
        }
        if (v.getAsLong() < 0 || v.getAsLong() + 8 > size) {
            throw where.error("OFFSET(" + name + ")", v.getAsLong() + " lies outside SIZE(page)=" + size);
        }
        return (int) v.getAsLong();
    }
}
