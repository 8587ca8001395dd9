package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
    private static final List<Option> OPTIONS = List.of(Option.model("m"),
            Option.choice("overlay", "outline", List.of("outline", "fill", "none"), "o"),
            Option.integer("tile_size", 0, 0, 4096, "t"),
            Option.number("learning_rate", 0.01, 1e-8, 10, "l"),
            Option.bool("label_image", true, "b"),
            Option.bool("roi_manager", false, "r"),
            Option.text("class_names", "", "c"));

    @Test
    void readsImageJ1RecordedOptions() {
        OptionValues v = OptionValues.fromMacro(OPTIONS, "model=[my model] overlay=fill tile_size=256 learning_rate=1e-3 label_image"
                + " class_names=[background, nucleus] ");
        assertEquals("my model", v.text("model"));
        assertEquals("fill", v.choice("overlay"));
        assertEquals(256, v.integer("tile_size"));
        assertEquals(0.001, v.number("learning_rate"), 1e-12);
        assertTrue(v.bool("label_image"));
        assertFalse(v.bool("roi_manager"), "an absent checkbox is false, as in ImageJ 1 dialogs");
        assertEquals("background, nucleus", v.text("class_names"));
    }

    @Test
    void acceptsSciJavaBooleansAndCaseOfChoices() {
        OptionValues v = OptionValues.fromMacro(OPTIONS, "model=a label_image=false roi_manager=true overlay=NONE");
        assertFalse(v.bool("label_image"));
        assertTrue(v.bool("roi_manager"));
        assertEquals("none", v.choice("overlay"));
    }

    @Test
    void errorsNameTheOptionAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptionValues.fromMacro(OPTIONS, "model=a tileSize=5"));
        assertTrue(e.getMessage().contains("did you mean tile_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "model=a Model=b"));
        assertTrue(e.getMessage().contains("lower case"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "overlay=dots").choice("overlay"));
        assertEquals("Unknown overlay 'dots': choose one of outline, fill, none.", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "tile_size=abc").integer("tile_size"));
        assertTrue(e.getMessage().startsWith("tile_size must be a number, got 'abc'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "tile_size=-3").integer("tile_size"));
        assertTrue(e.getMessage().contains("between 0 and 4096"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "tile_size=2.5").integer("tile_size"));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "overlay"), "a choice needs a value");
        assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "model=a model=b"));
        assertThrows(IllegalArgumentException.class, () -> OptionValues.fromMacro(OPTIONS, "model=[a"));
    }

    @Test
    void recordsAsImageJ1DoesAndReadsItBack() {
        OptionValues v = OptionValues.defaults(OPTIONS).set("model", "my model").set("tile_size", 128).set("roi_manager", true)
                .set("label_image", false).set("class_names", "");
        String macro = v.toMacro();
        assertEquals("model=[my model] overlay=outline tile_size=128 learning_rate=0.01 roi_manager class_names=[]", macro);
        OptionValues back = OptionValues.fromMacro(OPTIONS, macro);
        for (Option o : OPTIONS) assertEquals(v.text(o.key()), back.text(o.key()), o.key());
    }

    @Test
    void pairsReadFreeOptions() {
        Map<String, String> p = OptionValues.pairs("patience=5 loss=dice resume validation_group=[s 1]");
        assertEquals(Map.of("patience", "5", "loss", "dice", "resume", "true", "validation_group", "s 1"), p);
        assertEquals(List.of("patience", "loss", "resume", "validation_group"), List.copyOf(p.keySet()));
    }
}
