package org.kexkit.kho;

import java.util.List;

/**
 * A LUO session as the old kernel serialized it at reboot (struct luo_session_ser), with its files.
 *
 * @param count the file count the session recorded (luo_file_set_ser.count)
 */
public record LuoSession(String name, long filesPa, long count, List<LuoFile> files) {
    public LuoSession {
        files = List.copyOf(files);
    }

    /** struct luo_file_ser; {@code memfd} is decoded when the handler is memfd-v2, else null. */
    public record LuoFile(String compatible, long data, long token, Memfd memfd) {
    }

    /** struct memfd_luo_ser with its folio array. */
    public record Memfd(long pos, long size, long seals, long flags, long nrFolios, List<Folio> folios) {
        public Memfd {
            folios = List.copyOf(folios);
        }
    }

    /** struct memfd_luo_folio_ser: where a page of the file is, and whether it holds data. */
    public record Folio(long pfn, int flags, long index) {
        public long physicalAddress() {
            return pfn << 12;
        }
    }
}
