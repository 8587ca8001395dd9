package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;

class ModelFileTest {
    @TempDir
    Path dir;

    static Stream<Arguments> variants() {
        return NetworkTestSupport.variants();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("variants")
    void reloadGivesBitIdenticalOutput(Architecture arch, SeBlockType se, Aggregation agg) throws IOException {
        NetworkSpec spec = NetworkTestSupport.small(arch).seBlock(se).aggregation(agg)
                .positions(List.of(Placement.P6)).skip(SkipMode.UNCALIBRATED).build();
        Path file = dir.resolve("m.scse");
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = NetworkTestSupport.randomInput(m, 5, 1, 1, 35, 19);
            float[] before;
            try (ScseModel model = NetworkTestSupport.seededModel(spec, 9)) {
                model.setProvenance(new Provenance().with(Provenance.RECIPE, "test"));
                before = NetworkTestSupport.forward(model, x).toFloatArray();
                ModelFile.save(model, file);
            }
            try (ScseModel loaded = ModelFile.load(file, Device.cpu())) {
                assertEquals(spec, loaded.spec());
                assertEquals("test", loaded.provenance().get(Provenance.RECIPE));
                assertArrayEquals(before, NetworkTestSupport.forward(loaded, x).toFloatArray(), 0f);
            }
        }
    }

    @Test
    void infoIsReadableWithoutWeightsAndHeaderIsPlainJson() throws IOException {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.RELAYNET).classes(ClassPalettes.retinalLayers()).build();
        Path file = dir.resolve("oct.scse");
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1)) {
            ModelFile.save(model, file);
        }
        assertEquals(spec, ModelFile.readInfo(file).spec());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            String json = new String(zip.getInputStream(zip.getEntry(ModelFile.HEADER)).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"se_block\": \"scse\""), json);
            assertTrue(json.contains("\"name\": \"OPL\""), json);
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.collect(java.util.stream.Collectors.toList()), "no temporary files are left behind");
        }
    }

    @Test
    void aSavedModelHasTheFolderUsersPermissionsNotOwnerOnly() throws IOException {
        Path file = dir.resolve("shared.scse");
        try (ScseModel model = NetworkTestSupport.seededModel(NetworkTestSupport.small(Architecture.UNET).build(), 1)) {
            ModelFile.save(model, file);
        }
        Path plain = Files.createFile(dir.resolve("plain.txt")); // what the user's umask gives a new file
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
    }

    @Test
    void damagedFilesAreReportedInWordsNamingTheFile() throws IOException {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.UNET).build();
        Path good = dir.resolve("good.scse");
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1)) {
            ModelFile.save(model, good);
        }
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.scse");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertProblem(truncated, "truncated or damaged");

        Path foreign = dir.resolve("photo.scse");
        Files.write(foreign, "GIF89a not a model".getBytes(StandardCharsets.US_ASCII));
        assertProblem(foreign, "not a scSE model file");

        Path otherZip = dir.resolve("other.scse");
        writeZip(otherZip, "readme.txt", "hello");
        assertProblem(otherZip, "not a scSE model file");

        Path badSpec = dir.resolve("badspec.scse");
        writeZip(badSpec, ModelFile.HEADER, "{\"format\":\"scse-fiji-model\",\"format_version\":1,\"spec\":{\"architecture\":\"resnet\"}}");
        assertProblem(badSpec, "Unknown architecture 'resnet'");

        Path newer = dir.resolve("newer.scse");
        writeZip(newer, ModelFile.HEADER, "{\"format\":\"scse-fiji-model\",\"format_version\":99}");
        assertProblem(newer, "update the plugin");

        // weights of a different network under a valid header
        Path mismatched = dir.resolve("mismatched.scse");
        NetworkSpec wider = spec.toBuilder().features(12).build();
        try (ScseModel model = NetworkTestSupport.seededModel(wider, 1)) {
            ModelFile.save(model, mismatched);
        }
        String header = ModelFile.headerJson(spec, new Provenance());
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(mismatched.toFile())) {
            byte[] weights = zip.getInputStream(zip.getEntry(ModelFile.WEIGHTS)).readAllBytes();
            Path forged = dir.resolve("forged.scse");
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(forged))) {
                out.putNextEntry(new ZipEntry(ModelFile.HEADER));
                out.write(header.getBytes(StandardCharsets.UTF_8));
                out.putNextEntry(new ZipEntry(ModelFile.WEIGHTS));
                out.write(weights);
            }
            assertProblem(forged, "do not match");
        }
        assertProblem(dir.resolve("missing.scse"), "does not exist");
    }

    @Test
    void failedSaveKeepsThePreviousFile() throws IOException {
        NetworkSpec spec = NetworkTestSupport.small(Architecture.UNET).build();
        Path file = dir.resolve("keep.scse");
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 1)) {
            ModelFile.save(model, file);
        }
        byte[] before = Files.readAllBytes(file);
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 2)) {
            model.close(); // its weights are gone: saving must fail
            assertThrows(ModelFileException.class, () -> ModelFile.save(model, file));
        }
        assertArrayEquals(before, Files.readAllBytes(file));
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the temporary file was removed");
        }
    }

    private static void assertProblem(Path file, String words) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(file, Device.cpu()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(words), e.getMessage());
    }

    private static void writeZip(Path file, String entry, String text) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
