package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ij.process.LUT;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;

class ClassLutTest {
    @Test
    void classIndexGetsClassColourAndOthersAreBlack() {
        List<ClassInfo> classes = List.of(
            new ClassInfo(0, "background", "#102030", true),
            new ClassInfo(3, "nucleus", "#e6194b", false),
            new ClassInfo(255, "edge", "#00ff7f", false),
            new ClassInfo(300, "not in an 8-bit LUT", "#ffffff", false));
        LUT lut = ClassLut.of(classes);
        assertEquals(256, lut.getMapSize());
        assertEquals(0x102030, lut.getRGB(0) & 0xffffff);
        assertEquals(0xe6194b, lut.getRGB(3) & 0xffffff);
        assertEquals(0x00ff7f, lut.getRGB(255) & 0xffffff);
        assertEquals(0, lut.getRGB(1) & 0xffffff);
        assertEquals(0, lut.getRGB(254) & 0xffffff);
    }

    @Test
    void retinalPaletteColoursAreKept() {
        List<ClassInfo> layers = ClassPalettes.retinalLayers();
        LUT lut = ClassLut.of(layers);
        for (ClassInfo c : layers) assertEquals(c.awtColor().getRGB() & 0xffffff, lut.getRGB(c.index()) & 0xffffff, c.name());
        assertEquals(0, lut.getRGB(10) & 0xffffff);
    }
}
