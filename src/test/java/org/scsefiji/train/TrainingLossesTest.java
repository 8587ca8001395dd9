package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scsefiji.train.loss.ObjectSizeWeightMap;
import org.scsefiji.train.loss.PixelWeightMap;

class TrainingLossesTest {
    private static TrainingConfig.Builder objects() {
        return TrainingConfig.builder().set("images", "i").set("output", "o.scse").set("instance_labels", true);
    }

    @Test
    void objectWeightsCountFromTheTrainingObjectsTypicalArea() {
        // typical diameter 8 px: area 16 pi = 50.3 px; a 5-pixel object weighs 10.05, capped at boundary_weight 6
        PixelWeightMap map = TrainingLosses.weightMap(objects().set("weight_map", "objects").set("boundary_weight", 6).build(), null, 8);
        assertInstanceOf(ObjectSizeWeightMap.class, map);
        int w = 12;
        int h = 12;
        int[] ids = new int[w * h];
        for (int x = 1; x <= 5; x++) ids[w + x] = 1; // 5 px
        for (int y = 4; y < 12; y++) for (int x = 0; x < 7; x++) ids[y * w + x] = 2; // 56 px: above the typical area
        float[] weights = map.compute(ids, w, h);
        assertEquals(6f, weights[w + 3], 0f);
        assertEquals(1f, weights[8 * w + 3], 0f);
        // 25 px: 50.3 / 25
        int[] mid = new int[w * h];
        for (int y = 0; y < 5; y++) for (int x = 0; x < 5; x++) mid[y * w + x] = 3;
        assertEquals(16 * Math.PI / 25, map.compute(mid, w, h)[0], 1e-5);
    }

    @Test
    void objectWeightsNeedObjects() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingLosses.weightMap(objects().set("weight_map", "objects").build(), null, 0));
        assertTrue(e.getMessage().contains("instance_labels"), e.getMessage());
    }

    @Test
    void noWeightMapUnlessAsked() {
        assertNull(TrainingLosses.weightMap(objects().set("weight_map", "none").build(), null, 8));
    }
}
