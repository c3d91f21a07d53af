package org.kexkit.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.kexkit.dump.write.DumpStatistics;
import org.kexkit.dump.write.IncompleteDumpException;

/** A dump error quoting outside text (a file name, a string from a dump) is still one plain line. */
class DumpExceptionTest {
    @Test
    void messagesAreOneLineWithControlCharactersEscaped() {
        assertEquals("x: release 6.1\\n\\x1b[31mfake", new DumpException("x: release 6.1\n\u001b[31mfake").getMessage());
        assertEquals("a\\rb", new DumpException("a\rb", new IOException()).getMessage());
        assertEquals("/tmp/out\\nput already exists", new TargetExistsException(Path.of("/tmp/out\nput")).getMessage());
        assertEquals("/tmp/\\x1b]0;x already exists", new TargetExistsException(Path.of("/tmp/\u001b]0;x")).getMessage());
    }

    @Test
    void anIoErrorThatStoppedADumpIsOneLine() {
        IncompleteDumpException e = new IncompleteDumpException(new IOException("/mnt/a\nb: Input/output error"),
                new DumpStatistics(1, 1, java.util.Map.of(), 0, java.util.List.of(), 0, 0, false, 0));
        assertEquals("/mnt/a\\nb: Input/output error", e.getMessage());
    }
}
