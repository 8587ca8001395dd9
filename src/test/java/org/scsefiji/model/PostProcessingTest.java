package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.train.data.LabelMode;

class PostProcessingTest {
    @TempDir
    Path dir;

    private static NetworkSpec.Builder nuclei() {
        return NetworkSpec.builder().features(8).classes(ClassPalettes.objects(3));
    }

    @Test
    void instancesRoundTripAndAbsentMeansNone() {
        InstancePostProcessing p = new InstancePostProcessing(1, 2, 0.45, 0.7, 3, 12);
        NetworkSpec spec = nuclei().postProcessing(p).build();
        JsonObject json = SpecJson.toJson(spec);
        assertEquals("instances", json.getAsJsonObject("postprocessing").get("type").getAsString());
        assertEquals(spec, SpecJson.fromJson(json));
        JsonObject plain = SpecJson.toJson(nuclei().build());
        assertFalse(plain.has("postprocessing"), "none is not written");
        assertSame(PostProcessing.NONE, SpecJson.fromJson(plain).postProcessing());
    }

    /** Absent, the split height is 0 (files written before it decode as before) and is not written. */
    @Test
    void seedSplitHeightRoundTripsAndAbsentMeansNoSplit() {
        InstancePostProcessing plain = new InstancePostProcessing(1, 2, 0.45, 0.7, 3, 12);
        assertEquals(0, plain.seedSplitHeight());
        JsonObject json = SpecJson.toJson(nuclei().postProcessing(plain).build());
        assertFalse(json.getAsJsonObject("postprocessing").has("seed_split_height"));
        InstancePostProcessing split = plain.withSeedSplitHeight(1.5);
        NetworkSpec spec = nuclei().postProcessing(split).build();
        JsonObject written = SpecJson.toJson(spec);
        assertEquals(1.5, written.getAsJsonObject("postprocessing").get("seed_split_height").getAsDouble());
        assertEquals(spec, SpecJson.fromJson(written));
        written.getAsJsonObject("postprocessing").addProperty("seed_split_height", -1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(written));
        assertTrue(e.getMessage().contains("seed_split_height"), e.getMessage());
    }

    /** The training objects' diameter: absent means unknown (0), kept by every with-method, refused when negative. */
    @Test
    void objectDiameterRoundTripsAndSurvivesTheOtherParameters() {
        InstancePostProcessing plain = new InstancePostProcessing(1, 2, 0.45, 0.7, 3, 12);
        assertEquals(0, plain.objectDiameter());
        assertFalse(SpecJson.toJson(nuclei().postProcessing(plain).build()).getAsJsonObject("postprocessing").has("object_diameter"));
        InstancePostProcessing sized = plain.withObjectDiameter(16.7);
        NetworkSpec spec = nuclei().postProcessing(sized).build();
        JsonObject written = SpecJson.toJson(spec);
        assertEquals(16.7, written.getAsJsonObject("postprocessing").get("object_diameter").getAsDouble());
        assertEquals(spec, SpecJson.fromJson(written));
        assertEquals(16.7, sized.withThresholds(0.5, 0.9).withAreas(4, 8).withSeedSplitHeight(1).objectDiameter());
        written.getAsJsonObject("postprocessing").addProperty("object_diameter", -3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(written));
        assertTrue(e.getMessage().contains("object_diameter"), e.getMessage());
    }

    /** The core class: absent means none, kept by every with-method and zoom, refused when it is not a class of the model. */
    @Test
    void coreClassRoundTripsAndIsChecked() {
        InstancePostProcessing plain = new InstancePostProcessing(1, 2, 0.45, 0.7, 3, 12);
        assertFalse(plain.hasCoreClass());
        assertFalse(SpecJson.toJson(nuclei().postProcessing(plain).build()).getAsJsonObject("postprocessing").has("core_class"));
        InstancePostProcessing cored = plain.withCoreClass(3);
        NetworkSpec spec = NetworkSpec.builder().features(8).classes(ClassPalettes.objects(4)).postProcessing(cored).build();
        JsonObject written = SpecJson.toJson(spec);
        assertEquals(3, written.getAsJsonObject("postprocessing").get("core_class").getAsInt());
        assertEquals(spec, SpecJson.fromJson(written));
        assertEquals(3, cored.withThresholds(0.5, 0.9).withAreas(4, 8).withSeedSplitHeight(1).withObjectDiameter(9).atZoom(2).coreClass());
        assertThrows(IllegalArgumentException.class, () -> nuclei().postProcessing(cored).build(), "a 3-class model has no class 3");
        assertThrows(IllegalArgumentException.class, () -> plain.withCoreClass(2), "the outline class cannot be the core");
        written.getAsJsonObject("postprocessing").addProperty("core_class", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(written));
        assertTrue(e.getMessage().contains("core_class"), e.getMessage());
        assertEquals(InstancePostProcessing.defaults().withCoreClass(3), LabelMode.OBJECTS_OUTLINES_AND_CORES.postProcessing(4));
        assertEquals(LabelMode.OBJECTS_OUTLINES_AND_CORES.coreClass(),
                ((InstancePostProcessing) LabelMode.OBJECTS_OUTLINES_AND_CORES.postProcessing(4)).coreClass(), "training's cores are the declared ones");
        assertSame(PostProcessing.NONE, LabelMode.OBJECTS_OUTLINES_AND_CORES.postProcessing(3));
    }

    /** At another zoom the pixel parameters follow the objects' size: areas by zoom^2, lengths by zoom. */
    @Test
    void atZoomScalesThePixelParameters() {
        InstancePostProcessing p = new InstancePostProcessing(1, 2, 0.6, 0.7, 20, 40, 1.0, 16.7);
        assertSame(p, p.atZoom(1));
        InstancePostProcessing half = p.atZoom(0.5); // the network saw the image at half size: objects are twice as large
        assertEquals(80, half.minSeedArea());
        assertEquals(160, half.minArea());
        assertEquals(2.0, half.seedSplitHeight());
        assertEquals(33.4, half.objectDiameter(), 1e-9);
        assertEquals(0.6, half.foregroundThreshold());
        InstancePostProcessing triple = p.atZoom(3);
        assertEquals(2, triple.minSeedArea());
        assertEquals(4, triple.minArea());
        assertEquals(1, new InstancePostProcessing(1, 2, 0.6, 0.7, 1, 1).atZoom(10).minArea(), "never below one pixel");
        assertThrows(IllegalArgumentException.class, () -> p.atZoom(0));
    }

    @Test
    void anUnknownTypeIsKeptAndWrongParametersAreNamed() {
        JsonObject json = SpecJson.toJson(nuclei().build());
        json.add("postprocessing", JsonParser.parseString("{\"type\":\"retina_future\",\"k\":[1,2]}"));
        NetworkSpec spec = SpecJson.fromJson(json);
        assertEquals("retina_future", spec.postProcessing().type());
        assertEquals(json.get("postprocessing"), SpecJson.toJson(spec).get("postprocessing"));

        json.add("postprocessing", JsonParser.parseString("{\"type\":\"instances\",\"seed_threshold\":1.5}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(json));
        assertTrue(e.getMessage().contains("seed_threshold"), e.getMessage());
        json.add("postprocessing", JsonParser.parseString("{\"type\":\"instances\",\"outline_class\":5}"));
        e = assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(json));
        assertTrue(e.getMessage().contains("class 5"), e.getMessage());
    }

    @Test
    void trainingWithObjectOutlinesDeclaresInstances() {
        assertEquals(InstancePostProcessing.defaults(), LabelMode.OBJECTS_AND_OUTLINES.postProcessing(3));
        assertSame(PostProcessing.NONE, LabelMode.OBJECTS.postProcessing(2));
        assertSame(PostProcessing.NONE, LabelMode.CLASSES.postProcessing(3));
        assertEquals(LabelMode.PROVENANCE_KEY, InstancePostProcessing.TRAINED_LABEL_MODE_KEY);
    }

    /** A model file written before specs had the field: trained with outlines, it splits objects when read. */
    @Test
    void olderFilesOfOutlineModelsGetInstancesWhenRead() throws IOException {
        NetworkSpec spec = nuclei().build();
        for (String mode : new String[] {"objects_and_outlines", "classes"}) {
            JsonObject data = new JsonObject();
            data.addProperty("label_mode", mode);
            String header = ModelFile.headerJson(spec, new Provenance().with(Provenance.TRAINING_DATA, data));
            Path file = dir.resolve(mode + ".scse");
            try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
                zip.putNextEntry(new ZipEntry(ModelFile.HEADER));
                zip.write(header.getBytes(StandardCharsets.UTF_8));
            }
            PostProcessing p = ModelFile.readInfo(file).spec().postProcessing();
            assertEquals(mode.equals("classes") ? PostProcessing.NONE : InstancePostProcessing.defaults(), p, mode);
        }
    }
}
