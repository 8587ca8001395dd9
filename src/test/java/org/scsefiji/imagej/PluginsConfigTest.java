package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.plugin.PlugIn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** plugins.config must sit at the class path root (ImageJ 1 reads it from the jar root) and name real plugins. */
class PluginsConfigTest {
    private static final Pattern ENTRY = Pattern.compile("((?:Plugins|File>Import)[^,]*),\\s*\"([^\"]+)\",\\s*([\\w.]+)(\\(.*\\))?");

    @Test
    void everyEntryNamesAnImageJ1PlugIn() throws Exception {
        List<String> lines = entries();
        assertFalse(lines.isEmpty());
        boolean about = false;
        for (String line : lines) {
            Matcher m = ENTRY.matcher(line);
            assertTrue(m.matches(), "not a plugins.config entry: " + line);
            Class<?> c = Class.forName(m.group(3), false, getClass().getClassLoader());
            assertTrue(PlugIn.class.isAssignableFrom(c), c + " is not an ij.plugin.PlugIn");
            if (m.group(2).equals(AboutScse.TITLE)) {
                about = true;
                assertEquals("Plugins>scSE", m.group(1));
                assertEquals(AboutScse.class, c);
            }
        }
        assertTrue(about, "About scSE-Fiji is listed");
    }

    private List<String> entries() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
            assertNotNull(in, "plugins.config is not on the class path root");
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                line = line.trim();
                if (line.length() >= 3 && !line.startsWith("#")) lines.add(line); // ImageJ 1's own filter
            }
            return lines;
        }
    }
}
