package org.scsefiji.infer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.scsefiji.model.RetinaAnatomy;

class PlausibilityTest {
    private static final RetinaAnatomy LIMITS = RetinaAnatomy.relayNet(); // warn past 8 % repaired or below 0.90 confidence

    @Test
    void theWarningFollowsTheModelsLimits() {
        Plausibility duke = new Plausibility(0.95 * 1000, 1000, 10, 10, 30, LIMITS);
        assertEquals(0.95, duke.meanConfidence(), 1e-12);
        assertEquals(1.0, duke.brokenColumns(), 1e-12);
        assertEquals(0.03, duke.repairedPixels(), 1e-12);
        assertFalse(duke.looksUnlikeTraining(), "broken columns alone do not warn");
        assertTrue(new Plausibility(0.95 * 1000, 1000, 10, 10, 120, LIMITS).looksUnlikeTraining());
        Plausibility unsure = new Plausibility(0.85 * 1000, 1000, 10, 0, 0, LIMITS);
        assertTrue(unsure.looksUnlikeTraining());
        assertTrue(unsure.describe().endsWith(Plausibility.WARNING), unsure.describe());
        Plausibility noAnatomy = new Plausibility(0.5 * 1000, 1000, 10, 0, 0, null);
        assertFalse(noAnatomy.looksUnlikeTraining(), "a model that declares no limits never warns");
        assertTrue(Double.isNaN(noAnatomy.brokenColumns()));
        assertEquals("mean_confidence=0.500", noAnatomy.describe());
    }
}
