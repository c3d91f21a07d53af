package org.kexkit.kho;

import java.util.List;

/** What a subtree blob means: one of the stock 7.2 formats, or why it was not decoded. */
public sealed interface SubtreeContent {
    /** struct kho_kexec_metadata: the kernel that made the handover. */
    record KexecMetadata(long version, String previousRelease, long kexecCount) implements SubtreeContent {
    }

    /** memblock-v1: the reserve_mem= regions the next kernel puts back at the same address. */
    record Memblock(List<ReserveMem> regions) implements SubtreeContent {
        public Memblock {
            regions = List.copyOf(regions);
        }
    }

    /** One reserve-mem-v1 node. */
    record ReserveMem(String name, long start, long size) {
    }

    /**
     * struct luo_ser (luo-v3 on), or luo-v1's FDT (liveupdate-number, luo-session-header as
     * sessionsPa, luo-flb-header as flbsPa). The sessions and FLBs sit in other preserved pages (sessions_pa is 0 until
     * reboot(LINUX_REBOOT_CMD_KEXEC) fills it in), so only the header is decoded here.
     */
    record Luo(String compatible, long liveupdateNum, long sessionsPa, long flbsPa) implements SubtreeContent {
    }

    /**
     * luo-v2's FDT: only the address of its struct luo_ser (u64 liveupdate_num, sessions_pa, flbs_pa),
     * which sits in another preserved page.
     */
    record LuoAt(String compatible, long luoSerPa) implements SubtreeContent {
    }

    /** A subtree or version this kexkit does not know; the reason is one line for the user. */
    record NotDecoded(String reason) implements SubtreeContent {
    }
}
