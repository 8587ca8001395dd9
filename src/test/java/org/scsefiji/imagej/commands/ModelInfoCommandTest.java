package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ModelInfoCommandTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;

    @Test
    void describesNetworkClassesAndSizeByNameOrPath() throws Exception {
        ModelInfoCommand byName = fiji.run(ModelInfoCommand.class, "model=tiny", null);
        assertNull(byName.failure());
        String d = byName.description;
        assertTrue(d.contains("network: unet se_block=scse aggregation=max positions=[P5] reduction=2"), d);
        assertTrue(d.contains("    1 nucleus #ff0000"), d);
        assertTrue(d.contains("    0 background #000000 (background)"), d);
        assertTrue(d.matches("(?s).*parameters: \\d+ \\(SE blocks: \\d+, SE weights: \\d+\\).*"), d);
        assertTrue(d.contains("created: test fixture"), d);
        ModelInfoCommand byPath = fiji.run(ModelInfoCommand.class, "model=[" + fiji.model() + "]", null);
        assertEquals(d, byPath.description);
        Path notAModel = Files.writeString(dir.resolve("notes.scse"), "hello");
        ModelInfoCommand bad = fiji.run(ModelInfoCommand.class, "model=[" + notAModel + "]", null);
        assertTrue(bad.failure().contains("is not a scSE model file"), bad.failure());
    }
}
