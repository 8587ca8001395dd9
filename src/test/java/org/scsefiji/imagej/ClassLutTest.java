package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void distinctLutHasBlackBackgroundAndFarApartNeighbours() {
        LUT lut = ClassLut.distinct();
        assertEquals(256, lut.getMapSize());
        assertEquals(0, lut.getRGB(0) & 0xffffff);
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; i < 256; i++) assertTrue(seen.add(lut.getRGB(i) & 0xffffff), "entry " + i + " repeats an earlier colour");
        // the first colours (images with few objects) are far apart; neighbouring ids (often touching objects)
        // differ by more than one step of the 17-level grid the colours come from
        double first = Double.MAX_VALUE;
        for (int i = 1; i <= 16; i++) for (int j = 1; j < i; j++) first = Math.min(first, rgbDistance(lut.getRGB(i), lut.getRGB(j)));
        assertTrue(first > 0.15 * rgbDistance(0, 0xffffff), "closest of the first 16 entries: " + first);
        double next = Double.MAX_VALUE;
        for (int i = 1; i < 255; i++) next = Math.min(next, rgbDistance(lut.getRGB(i), lut.getRGB(i + 1)));
        assertTrue(next > 17 * Math.sqrt(2), "closest neighbouring entries: " + next);
        assertEquals(lut.getRGB(77), ClassLut.distinct().getRGB(77), "the same colours every time");
    }

    private static double rgbDistance(int a, int b) {
        int dr = (a >> 16 & 255) - (b >> 16 & 255), dg = (a >> 8 & 255) - (b >> 8 & 255), db = (a & 255) - (b & 255);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }
}
