package org.scsefiji.imagej;

import ij.process.LUT;
import java.awt.Color;
import java.util.List;
import org.scsefiji.model.ClassInfo;

/** ImageJ lookup tables that show class ids in their class colours. */
public final class ClassLut {
    private ClassLut() {
    }

    /** An 8-bit LUT: entry {@code c.index()} gets the colour of class c, every other entry is black. Classes above 255 are left out. */
    public static LUT of(List<ClassInfo> classes) {
        byte[] r = new byte[256], g = new byte[256], b = new byte[256];
        for (ClassInfo c : classes) {
            if (c.index() > 255) continue;
            Color color = c.awtColor();
            r[c.index()] = (byte) color.getRed();
            g[c.index()] = (byte) color.getGreen();
            b[c.index()] = (byte) color.getBlue();
        }
        return new LUT(r, g, b);
    }
}
