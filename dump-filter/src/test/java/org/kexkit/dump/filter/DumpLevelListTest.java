package org.kexkit.dump.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** makedumpfile's -d: a level or a comma list of levels to retry with (parse_dump_level). */
class DumpLevelListTest {
    private static List<Integer> values(String text) {
        return DumpLevelList.parse(text).levels().stream().map(DumpLevel::value).toList();
    }

    @Test
    void oneLevelOrARetryList() {
        assertEquals(List.of(31), values("31"));
        assertEquals(List.of(11, 31), values("11,31"));
        assertEquals(List.of(1, 31), values("1,,31")); // strtok skips empty fields
    }

    @Test
    void badEntriesAreRefusedWithTheirText() {
        assertEquals("dump level must be 0 to 63, found 64",
                assertThrows(IllegalArgumentException.class, () -> DumpLevelList.parse("1,64")).getMessage());
        assertEquals("dump level must be 0 to 63, found 'x'",
                assertThrows(IllegalArgumentException.class, () -> DumpLevelList.parse("x")).getMessage());
        assertEquals("dump level must be 0 to 63, found ','",
                assertThrows(IllegalArgumentException.class, () -> DumpLevelList.parse(",")).getMessage());
        assertEquals("at most 32 dump levels can be given",
                assertThrows(IllegalArgumentException.class, () -> DumpLevelList.parse("1,".repeat(33))).getMessage());
    }
}
