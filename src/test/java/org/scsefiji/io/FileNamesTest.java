package org.scsefiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {
    @Test
    void stripsOnlyTheLastShortExtension() {
        assertEquals("a.b", FileNames.baseName(Path.of("dir", "a.b.tif")));
        assertEquals("scan", FileNames.baseName("scan.TIFF"));
        assertEquals("scan", FileNames.baseName("scan.vol"));
        assertEquals("noext", FileNames.baseName("noext"));
        assertEquals(".hidden", FileNames.baseName(".hidden"));
        assertEquals("trailing.", FileNames.baseName("trailing."));
        assertEquals("Result of 1.5 threshold", FileNames.baseName("Result of 1.5 threshold"));
        assertEquals("x.longext", FileNames.baseName("x.longext"));
    }
}
