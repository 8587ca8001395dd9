package org.scsefiji.imagej;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.IJ;
import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;

class EscapeCancelTest {
    @Test
    void escCancelsTheRunningActionOnly() throws Exception {
        IJ.setKeyDown(KeyEvent.VK_ESCAPE); // an old Esc press must not cancel the next action
        CancelToken token;
        try (EscapeCancel esc = EscapeCancel.start()) {
            token = esc.token();
            assertFalse(IJ.escapePressed());
            token.check();
            IJ.setKeyDown(KeyEvent.VK_ESCAPE);
            for (int i = 0; i < 200 && !token.isCancelled(); i++) Thread.sleep(25); // the watcher polls every 150 ms
            assertTrue(token.isCancelled());
            assertThrows(CancelledException.class, token::check);
        }
        assertFalse(IJ.escapePressed(), "closing resets ImageJ's Esc flag");
    }
}
