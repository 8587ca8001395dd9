package org.scsefiji.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
    private static final Operation OP = new Operation("test", "Test", List.of(Option.model("m").required(),
            Option.choice("overlay", "outline", List.of("outline", "fill", "none"), "o"),
            Option.integer("tile_size", 0, 0, 4096, "t").aliases("tile"),
            Option.number("learning_rate", 0.01, 1e-8, 10, "l"),
            Option.bool("label_image", true, "b"),
            Option.bool("roi_manager", false, "r"),
            Option.text("class_names", "", "c")));

    @Test
    void readsMacroOptions() {
        Settings v = Settings.fromMacro(OP, "model=[my model] overlay=fill tile_size=256 learning_rate=1e-3 roi_manager=true"
                + " class_names=[background, nucleus] ", List.of());
        assertEquals("my model", v.text("model"));
        assertEquals("fill", v.choice("overlay"));
        assertEquals(256, v.integer("tile_size"));
        assertEquals(0.001, v.number("learning_rate"), 1e-12);
        assertTrue(v.bool("label_image"), "a key left out takes its default");
        assertTrue(v.bool("roi_manager"));
        assertEquals("background, nucleus", v.text("class_names"));
    }

    @Test
    void aBareYesNoKeyMeansTrueAndChoicesIgnoreCase() {
        Settings v = Settings.fromMacro(OP, "model=a label_image=false roi_manager overlay=NONE", List.of());
        assertFalse(v.bool("label_image"));
        assertTrue(v.bool("roi_manager"));
        assertEquals("none", v.choice("overlay"));
    }

    @Test
    void errorsNameTheKeyAndTheValue() {
        assertEquals("Unknown option 'tileSize' (did you mean tile_size?). Options: model, overlay, tile_size, learning_rate, label_image,"
                + " roi_manager, class_names", message("model=a tileSize=5"));
        assertTrue(message("model=a Model=b").contains("Unknown option 'Model' (keys are lower case: model)"));
        assertTrue(message("model=a tile=5").startsWith("Unknown option 'tile'"), "aliases are command-line spellings, not macro keys");
        assertEquals("Unknown overlay 'dots': choose one of outline, fill, none.", message("model=a overlay=dots"));
        assertEquals("tile_size must be a whole number, got 'abc'", message("model=a tile_size=abc"));
        assertEquals("tile_size must be between 0 and 4096, got -3", message("model=a tile_size=-3"));
        assertEquals("tile_size must be a whole number, got '2.5'", message("model=a tile_size=2.5"));
        assertEquals("label_image must be true or false, got 'maybe'", message("model=a label_image=maybe"));
        assertTrue(message("overlay=fill").startsWith("model is missing from the macro line: add model=..."), message("overlay=fill"));
        assertTrue(message("model=[] overlay=fill").startsWith("model is required"));
        assertEquals("Option overlay needs a value: overlay=...", message("model=a overlay"));
        assertEquals("Option model is given twice", message("model=a model=b"));
        assertTrue(message("model=[a").contains("never closes it"));
    }

    @Test
    void otherInputsAreAllowedInTheLine() {
        assertEquals("a", Settings.fromMacro(OP, "imp=blobs.gif model=a", List.of("imp")).text("model"));
    }

    @Test
    void recordsOneWayAndReadsItBack() {
        Settings v = Settings.defaults(OP).with("model", "my model").with("tile_size", 128).with("roi_manager", true)
                .with("label_image", false);
        String macro = v.toMacro();
        assertEquals("model=[my model] overlay=outline tile_size=128 learning_rate=0.01 label_image=false roi_manager=true class_names=[]",
                macro);
        Settings back = Settings.fromMacro(OP, macro, List.of());
        assertEquals(v.asMap(), back.asMap());
    }

    @Test
    void valuesFromJavaAreCheckedToo() {
        Settings v = Settings.of(OP, Map.of("model", "m", "tile_size", 64, "learning_rate", 0.5, "roi_manager", true));
        assertEquals(64, v.integer("tile_size"));
        assertEquals(0.5, v.number("learning_rate"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(OP, Map.of("model", "m", "learning_rate", 0.0)));
        assertEquals("learning_rate must be between 1.0E-8 and 10, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Settings.of(OP, Map.of("tile_size", 1)), "model is required");
    }

    @Test
    void pairsReadFreeOptions() {
        Map<String, String> p = MacroText.pairs("patience=5 loss=dice resume validation_group=[s 1]");
        assertEquals(Map.of("patience", "5", "loss", "dice", "resume", "true", "validation_group", "s 1"), p);
        assertEquals(List.of("patience", "loss", "resume", "validation_group"), List.copyOf(p.keySet()));
    }

    @Test
    void everyOperationIsWellFormed() {
        for (Operation op : Operations.FIJI) {
            for (Option o : op.options()) {
                assertEquals(o.defaultValue(), o.defaultValue().isEmpty() ? "" : o.check(o.defaultValue()), op + "." + o.key());
                assertFalse(o.help().isBlank(), op + "." + o.key() + " has help");
            }
        }
        for (Option o : TrainingOptions.ALL) assertFalse(o.help().isBlank(), o.key() + " has help");
    }

    private static String message(String macro) {
        return assertThrows(IllegalArgumentException.class, () -> Settings.fromMacro(OP, macro, List.of())).getMessage();
    }
}
