package org.scsefiji.imagej;

import ij.IJ;
import ij.ImagePlus;
import java.awt.GraphicsEnvironment;

/** Showing result images the same way everywhere. */
public final class Display {
    private Display() {
    }

    /**
     * Shows {@code imp}. Without a display, only for a macro (headless Fiji and batch mode keep the image without a
     * window, so the macro finds it with selectImage and saveAs); elsewhere headless there is nothing to show it on.
     */
    public static void show(ImagePlus imp) {
        if (imp == null) return;
        if (!GraphicsEnvironment.isHeadless() || IJ.isMacro() || ij.macro.Interpreter.isBatchMode()) imp.show();
    }
}
