package org.scsefiji.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportsTheShippedNucleiModelWithItsCard() throws Exception {
        Path zip = dir.resolve("nuclei.zip");
        String out = run(0, "export", "--model", "models/nuclei.scse", "--format", "bioimageio", "--out", zip.toString(),
                "--test-image", "models/samples/nuclei-00071198d059ba7f.tif", "--authors", "A. Person, B. Person");
        assertTrue(out.contains("Wrote " + zip), out);
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (String f : new String[] {"rdf.yaml", "weights.onnx", "test_input.npy", "test_output.npy", "cover.png", "README.md"}) {
                assertNotNull(z.getEntry(f), f);
            }
            String rdf = new String(z.getInputStream(z.getEntry("rdf.yaml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(rdf.contains("name: B. Person"), rdf);
            String readme = new String(z.getInputStream(z.getEntry("README.md")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(readme.contains("Model card: `nuclei`"), "the model card is the documentation");
        }
    }

    @Test
    void otherFormatsAreRefusedByName() {
        String err = run(2, "export", "--model", "models/nuclei.scse", "--format", "tensorflow", "--out", dir.resolve("x.zip").toString());
        assertTrue(err.contains("tensorflow"), err);
        assertTrue(!Files.exists(dir.resolve("x.zip")));
    }

    @Test
    void anExistingFileIsReplacedOnlyWithOverwrite() throws Exception {
        Path zip = dir.resolve("nuclei.zip");
        Files.writeString(zip, "not a package");
        String err = run(1, "export", "--model", "models/nuclei.scse", "--out", zip.toString());
        assertTrue(err.contains("output_file") && err.contains("overwrite"), err);
        assertEquals("not a package", Files.readString(zip), "left as it was");
        run(0, "export", "--model", "models/nuclei.scse", "--out", zip.toString(), "--overwrite");
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertNotNull(z.getEntry("rdf.yaml"));
        }
    }

    @Test
    void aPackageIsNotExportedAgain() throws Exception {
        Path zip = dir.resolve("nuclei.zip");
        run(0, "export", "--model", "models/nuclei.scse", "--out", zip.toString());
        String err = run(2, "export", "--model", zip.toString(), "--out", dir.resolve("again.zip").toString());
        assertTrue(err.contains("already a bioimage.io package"), err);
    }

    private static String run(int expectedCode, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        assertEquals(expectedCode, code, o + e);
        return code == 0 ? o : e;
    }
}
