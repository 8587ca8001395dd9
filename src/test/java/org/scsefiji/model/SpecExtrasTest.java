package org.scsefiji.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;

/** The optional spec fields pixel_width / pixel_depth and postprocessing, and changing them in a model file. */
class SpecExtrasTest {
    @TempDir
    Path dir;

    private static NetworkSpec tenClasses() {
        return NetworkTestSupport.small(Architecture.UNET).classCount(10).build();
    }

    @Test
    void pixelSizeAndAnatomyRoundTripAndOldSpecsLoadWithout() {
        NetworkSpec plain = tenClasses();
        JsonObject old = SpecJson.toJson(plain);
        assertTrue(!old.has("pixel_width") && !old.has("postprocessing"), "absent fields are not written");
        NetworkSpec back = SpecJson.fromJson(old);
        assertNull(back.pixelSize());
        assertEquals(org.scsefiji.model.PostProcessing.NONE, back.postProcessing());
        NetworkSpec oct = plain.toBuilder().pixelSize(new PixelSize(11.3, 3.87)).postProcessing(RetinaAnatomy.relayNet()).build();
        JsonObject json = SpecJson.toJson(oct);
        assertEquals(11.3, json.get("pixel_width").getAsDouble());
        assertEquals("retina_anatomy", json.getAsJsonObject("postprocessing").get("type").getAsString());
        assertEquals(oct, SpecJson.fromJson(json));
    }

    @Test
    void badFieldsAreNamed() {
        JsonObject json = SpecJson.toJson(tenClasses());
        json.addProperty("pixel_width", 11.3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpecJson.fromJson(json)).getMessage().contains("pixel_depth"));
        JsonObject unknown = SpecJson.toJson(tenClasses());
        JsonObject step = new JsonObject();
        step.addProperty("type", "sharpen");
        unknown.add("postprocessing", step);
        NetworkSpec kept = SpecJson.fromJson(unknown); // a newer model's step: kept as read, so saving does not lose it
        assertEquals("sharpen", kept.postProcessing().type());
        assertEquals(step, SpecJson.toJson(kept).get("postprocessing"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkTestSupport.small(Architecture.UNET).classCount(3).postProcessing(RetinaAnatomy.relayNet()).build());
        assertTrue(e.getMessage().contains("the network has 3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RetinaAnatomy(0, List.of(1, 1), 2, -1, 0.1, 0.8));
    }

    @Test
    void updateSpecKeepsWeightsAndProvenance() throws Exception {
        Path file = dir.resolve("m.scse");
        Path updated = dir.resolve("m-px.scse");
        try (NDManager m = NetworkTestSupport.manager()) {
            NDArray x = NetworkTestSupport.randomInput(m, 3, 1, 1, 32, 32);
            float[] before;
            try (ScseModel model = NetworkTestSupport.seededModel(tenClasses(), 4)) {
                model.setProvenance(new Provenance().with(Provenance.RECIPE, "r"));
                before = NetworkTestSupport.forward(model, x).toFloatArray();
                ModelFile.save(model, file);
            }
            ModelFile.updateSpec(file, updated, s -> s.toBuilder().pixelSize(new PixelSize(11.3, 3.87)).postProcessing(RetinaAnatomy.relayNet()).build());
            assertNull(ModelFile.readInfo(file).spec().pixelSize(), "the source is untouched");
            try (ScseModel loaded = ModelFile.load(updated, Device.cpu())) {
                assertEquals(new PixelSize(11.3, 3.87), loaded.spec().pixelSize());
                assertEquals(RetinaAnatomy.relayNet(), loaded.spec().postProcessing());
                assertEquals("r", loaded.provenance().get(Provenance.RECIPE));
                org.junit.jupiter.api.Assertions.assertArrayEquals(before, NetworkTestSupport.forward(loaded, x).toFloatArray(), 0f);
            }
            ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.updateSpec(file, updated, s -> s.toBuilder().features(16).build()));
            assertTrue(e.getMessage().contains("same network"), e.getMessage());
        }
    }
}
