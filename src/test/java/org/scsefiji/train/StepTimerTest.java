package org.scsefiji.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StepTimerTest {
    @Test
    void aPausedStepDoesNotInflateTheEstimate() {
        StepTimer t = new StepTimer();
        assertTrue(Double.isNaN(t.secondsPerStep()));
        for (int i = 0; i < 20; i++) t.add(1.0 + (i % 2) * 0.2);
        t.add(600); // the process was paused for ten minutes
        assertEquals(1.2, t.secondsPerStep(), 1e-12);
    }

    @Test
    void followsTheRecentSteps() {
        StepTimer t = new StepTimer();
        for (int i = 0; i < 200; i++) t.add(i < 100 ? 5 : 1);
        assertEquals(1, t.secondsPerStep(), 1e-12, "only the last 64 steps count");
        StepTimer two = new StepTimer();
        two.add(1);
        two.add(3);
        assertEquals(2, two.secondsPerStep(), 1e-12);
    }
}
