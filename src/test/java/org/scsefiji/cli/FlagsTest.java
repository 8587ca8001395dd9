package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;
import org.scsefiji.options.TrainingOptions;

/** Flags come from the option descriptions: --key-with-dashes or --key_with_underscores; errors name the flag and the value. */
class FlagsTest {
    @Test
    void badCommandLinesExitWith2AndNameTheFlagAndValue() {
        assertEquals("Error: Unknown option '--devce'", error("segment", "--devce", "cpu"));
        assertEquals("Error: Option --tile-size 'abc': tile_size must be a whole number, got 'abc'",
                error("segment", "--model", "m", "--input-directory", "in", "--output-directory", "out", "--tile-size", "abc"));
        assertEquals("Error: Option --overlay 'dots': Unknown overlay 'dots': choose one of outline, fill, none.",
                error("segment", "--model", "m", "--input", "in", "--output", "out", "--overlay", "dots"));
        assertEquals("Error: Option --probabilities 'maybe': probabilities must be true or false, got 'maybe'",
                error("segment", "--probabilities=maybe"));
        assertEquals("Error: Option --output-directory is required (folder for the results (X_labels.tif, ...); created if missing;"
                + " not the input folder)", error("segment", "--model", "m", "--input", "in"));
        assertEquals("Error: Option --validation_fraction '0.95': validation_fraction must be between 0 and 0.9, got 0.95",
                error("train", "--images", "x", "--out", "y.scse", "--validation_fraction", "0.95"));
        assertEquals("Error: Option --epochs is given twice", error("train", "--epochs", "3", "--epochs=4"));
    }

    @Test
    void helpListsEveryOptionWithItsHelpAndDefault() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        assertEquals(0, Main.run(new String[] {"segment", "--help"}, new PrintStream(o, true, StandardCharsets.UTF_8), System.err));
        String help = o.toString(StandardCharsets.UTF_8);
        for (Option opt : Operations.SEGMENT_FOLDER.options()) {
            assertTrue(help.contains(opt.flag()) && help.contains(opt.help()), opt.key() + " in\n" + help);
        }
        o.reset();
        assertEquals(0, Main.run(new String[] {"train", "--help"}, new PrintStream(o, true, StandardCharsets.UTF_8), System.err));
        for (Option opt : TrainingOptions.ALL) assertTrue(o.toString(StandardCharsets.UTF_8).contains(opt.flag() + " "), opt.key());
    }

    private static String error(String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true, StandardCharsets.UTF_8));
        String text = e.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, text);
        return text.lines().findFirst().orElse("");
    }
}
