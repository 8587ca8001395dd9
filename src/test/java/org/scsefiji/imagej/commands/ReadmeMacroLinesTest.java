package org.scsefiji.imagej.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.imagej.TestFixtures;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Option;

/**
 * Every SciJava command runs from its README macro line (with test folders, the tiny model and tiny
 * training settings put in), and cancels with a message naming the key and the value when the line has
 * a misspelt key, a bad number, a bad choice, a bad yes/no or lacks a required key.
 */
class ReadmeMacroLinesTest {
    @RegisterExtension
    static final FijiCommands fiji = new FijiCommands();
    @TempDir
    static Path dir;
    private static final Pattern LINE = Pattern.compile("^run\\(\"([^\"]+)\", \"(.*)\"\\);$", Pattern.MULTILINE);
    private static final Map<String, String> README = new LinkedHashMap<>();

    @BeforeAll
    static void readme() throws Exception {
        Matcher m = LINE.matcher(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        while (m.find()) README.putIfAbsent(m.group(1), m.group(2));
        TestFixtures.writePairs(dir.resolve("images"), dir.resolve("labels"), 3, 32, 32, 7);
        Files.createDirectories(dir.resolve("oct"));
        writeVolAndLabels(dir.resolve("oct/scan.vol"), dir.resolve("oct/scan_labels.tif"));
    }

    /** A tiny synthetic .vol (2 B-scans of 6 x 12) and a layered label image of its size (rows 1..7 the layers). */
    static void writeVolAndLabels(Path vol, Path labels) throws Exception {
        org.scsefiji.io.vol.VolWriter w = new org.scsefiji.io.vol.VolWriter();
        w.sizeZ = 12;
        Files.write(vol, w.bytes());
        ij.ImageStack stack = new ij.ImageStack(w.sizeX, w.sizeZ);
        for (int b = 0; b < w.numBScans; b++) {
            byte[] px = new byte[w.sizeX * w.sizeZ];
            for (int z = 0; z < w.sizeZ; z++) {
                for (int x = 0; x < w.sizeX; x++) px[z * w.sizeX + x] = (byte) Math.min(z, 8);
            }
            stack.addSlice("B-scan " + (b + 1), px);
        }
        ij.IJ.saveAsTiff(new ImagePlus("scan_labels", stack), labels.toString());
    }

    /** The README's line for a command, pointed at the test data and made quick. */
    private static String line(Operation op) {
        String line = README.get(op.title());
        assertNotNull(line, "README.md has no run(\"" + op.title() + "\", ...) line");
        return line.replace("model=nuclei", "model=tiny").replace("/data/images", q(dir.resolve("images")))
                .replace("/data/labels", q(dir.resolve("labels"))).replace("/data/results", q(dir.resolve("results")))
                .replace("/data/dice.csv", q(dir.resolve("dice.csv"))).replace("/data/nuclei-bioimageio.zip", q(dir.resolve("tiny-bioimageio.zip"))).replace("/data/oct/", dir.resolve("oct") + "/").replace("save_as=[my cells]", "save_as=" + q(dir.resolve("cells.scse")))
                .replace("save_as=[my nuclei]", "save_as=" + q(dir.resolve("tuned.scse"))).replace("features=64", "features=8")
                .replace("epochs=30", "epochs=1").replace("epochs=10", "epochs=1").replace("batch_size=4", "batch_size=2")
                .replace("training_options=[]", "training_options=[patch_width=32 patch_height=32]").replace("device=auto", "device=cpu");
    }

    private static String q(Path p) {
        return "[" + p + "]";
    }

    private static ScseCommand run(Operation op, String line) throws Exception {
        ImagePlus active = TestFixtures.image("active", 32, 32, 3);
        return fiji.run(CommandOptionsTest.COMMANDS.entrySet().stream().filter(e -> e.getValue() == op).findFirst().orElseThrow().getKey(),
                line, active);
    }

    @Test
    void theReadmeLineOfEveryCommandWorks() throws Exception {
        for (Operation op : new Operation[] {Operations.SEGMENT, Operations.SEGMENT_FOLDER, Operations.EVALUATE, Operations.INFO,
                Operations.TRAIN, Operations.FINE_TUNE, Operations.MEASURE_LAYERS, Operations.IMPORT_VOL, Operations.EXPORT}) {
            ScseCommand cmd = run(op, line(op));
            assertNull(cmd.failure(), op.title() + ": " + cmd.failure());
            assertFalse(cmd.isCanceled(), op.title());
        }
        assertTrue(Files.exists(dir.resolve("results/images0_labels.tif")) || Files.list(dir.resolve("results")).count() > 0);
        assertTrue(Files.exists(dir.resolve("dice.csv")));
        assertTrue(Files.exists(dir.resolve("cells.scse")));
        assertTrue(Files.exists(dir.resolve("tuned.scse")));
        assertTrue(Files.exists(dir.resolve("results/scan_etdrs.csv")), "Measure OCT Layers wrote its tables");
        assertTrue(Files.exists(dir.resolve("tiny-bioimageio.zip")), "Export to BioImage Model Zoo wrote the package");
    }

    @Test
    void everyKindOfBadLineCancelsWithAMessageNamingKeyAndValue() throws Exception {
        for (Operation op : Operations.FIJI) {
            String good = line(op);
            Option first = op.options().get(0);
            fails(op, good.replaceFirst(first.key() + "=", first.key() + "x="), first.key() + "x'");
            if (first.isRequired()) fails(op, good.replaceFirst("(^| )" + first.key() + "=(\\[[^\\]]*\\]|\\S+)", "") + " ", first.key() + " is missing");
            fails(op, good + " Model=tiny", op.has("model") ? "Unknown option 'Model' (keys are lower case: model)" : "Unknown option 'Model'");
            for (Option o : op.options()) {
                String key = o.key();
                if (o.type() == Option.Type.INTEGER) fails(op, good.replaceFirst(key + "=\\S+", key + "=abc"), key + " must be a whole number, got 'abc'");
                if (o.type() == Option.Type.NUMBER) fails(op, good.replaceFirst(key + "=\\S+", key + "=lots"), key + " must be a number, got 'lots'");
                if (o.type() == Option.Type.CHOICE) fails(op, good.replaceFirst(key + "=(\\[[^\\]]*\\]|\\S+)", key + "=tpu"), "Unknown " + key + " 'tpu'");
                if (o.type() == Option.Type.BOOLEAN) fails(op, good.replaceFirst(key + "=\\S+", key + "=maybe"), key + " must be true or false, got 'maybe'");
            }
        }
    }

    private static void fails(Operation op, String line, String expected) throws Exception {
        ScseCommand cmd = run(op, line);
        assertTrue(cmd.isCanceled(), op.title() + " did not cancel: " + line);
        assertNotNull(cmd.failure(), cmd.getCancelReason() + " <- " + line);
        assertTrue(cmd.failure().contains(expected), op.title() + ": '" + cmd.failure() + "' should contain '" + expected + "'");
        assertEquals(op.title() + ": " + cmd.failure(), cmd.getCancelReason());
    }
}
