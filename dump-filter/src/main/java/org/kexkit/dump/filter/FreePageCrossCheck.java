package org.kexkit.dump.filter;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.kexkit.dump.memory.KernelAddressSpace;
import org.kexkit.dump.memory.KernelMemoryModel;
import org.kexkit.vmcoreinfo.VmcoreInfo;

/**
 * Compares the free pages found in struct pages with the kernel's own count:
 * the sum over every node's zones of zone.vm_stat[NR_FREE_PAGES]
 * (node_data[], pglist_data.node_zones, zone.vm_stat; all in VMCOREINFO). A big
 * disagreement means the page classes are misread, so the user is told.
 */
final class FreePageCrossCheck {
    /** Pages on per-CPU lists and races at panic time make small differences normal. */
    static final long SLACK_PAGES = 4096;
    static final int SLACK_PERCENT = 10;

    private final KernelMemoryModel model;

    FreePageCrossCheck(KernelMemoryModel model) {
        this.model = model;
    }

    Optional<String> check(long buddyPagesFound, DumpLevel level) throws IOException {
        OptionalLong kernel = kernelFreePages();
        if (kernel.isEmpty()) {
            return Optional.empty();
        }
        long k = kernel.getAsLong();
        long diff = Math.abs(k - buddyPagesFound);
        if (diff <= SLACK_PAGES || diff * 100 <= SLACK_PERCENT * Math.max(k, buddyPagesFound)) {
            return Optional.empty();
        }
        return Optional.of("warning: free pages disagree: the kernel's zone counters (NR_FREE_PAGES) say " + k
                + ", the struct pages show " + buddyPagesFound + " in buddy blocks"
                + (level.has(DumpLevel.FREE) ? "; the free-page exclusion may be wrong for this kernel" : ""));
    }

    /** The kernel's free-page count, or empty if VMCOREINFO lacks what it takes or memory is missing. */
    OptionalLong kernelFreePages() throws IOException {
        VmcoreInfo info = model.where().info();
        OptionalLong nodeData = info.symbol("node_data");
        OptionalLong nodes = info.length("node_data");
        OptionalLong nodeZones = info.offset("pglist_data.node_zones");
        OptionalLong nrZones = info.offset("pglist_data.nr_zones");
        OptionalLong zoneSize = info.size("zone");
        OptionalLong vmStat = info.offset("zone.vm_stat");
        OptionalLong nrFree = info.number("NR_FREE_PAGES");
        if (nodeData.isEmpty() || nodes.isEmpty() || nodeZones.isEmpty() || nrZones.isEmpty() || zoneSize.isEmpty()
                || vmStat.isEmpty() || nrFree.isEmpty()) {
            return OptionalLong.empty();
        }
        KernelAddressSpace space = model.space();
        long total = 0;
        for (long n = 0; n < Math.min(nodes.getAsLong(), 4096); n++) {
            OptionalLong pgdat = space.readLong(nodeData.getAsLong() + n * 8);
            if (pgdat.isEmpty()) {
                return OptionalLong.empty();
            }
            if (pgdat.getAsLong() == 0) {
                continue;
            }
            OptionalLong zones = space.readLong(pgdat.getAsLong() + nrZones.getAsLong());
            if (zones.isEmpty()) {
                return OptionalLong.empty();
            }
            int count = (int) (zones.getAsLong() & 0xffffffffL); // int nr_zones
            if (count < 0 || count > 8) {
                return OptionalLong.empty();
            }
            for (int z = 0; z < count; z++) {
                long zone = pgdat.getAsLong() + nodeZones.getAsLong() + z * zoneSize.getAsLong();
                OptionalLong free = space.readLong(zone + vmStat.getAsLong() + nrFree.getAsLong() * 8);
                if (free.isEmpty()) {
                    return OptionalLong.empty();
                }
                total += free.getAsLong();
            }
        }
        return OptionalLong.of(total);
    }
}
