package org.scsefiji.options;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's macro-key tables are the option descriptions: for every Fiji operation the README holds
 * exactly the table {@link #table} writes from {@link Operations} (on failure the message shows the table
 * to paste).
 */
public class ReadmeMacroKeysTest {
    @Test
    void readmeTablesMatchTheDescriptions() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (Operation op : Operations.FIJI) {
            String table = table(op);
            assertTrue(readme.contains(table), "README.md lacks (or has an outdated) table for " + op.title() + "; it should read:\n" + table);
        }
    }

    /** The markdown of one operation's keys: heading, then key | default | meaning, in option order. */
    public static String table(Operation op) {
        StringBuilder sb = new StringBuilder("**" + op.title() + "**\n\n| key | default | meaning |\n|---|---|---|\n");
        for (Option o : op.options()) {
            String def = o.isRequired() ? "required" : o.defaultValue().isEmpty() ? "empty" : "`" + o.defaultValue() + "`";
            sb.append("| `").append(o.key()).append("` | ").append(def).append(" | ").append(o.help().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }
}
