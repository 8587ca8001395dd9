package org.scsefiji.train.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.view.Views;
import org.junit.jupiter.api.Test;
import org.scsefiji.model.Provenance;

class LabelModeTest {
    /** Two touching objects (ids 7 and 300) and background, 6 x 4, x fastest. */
    private static final int[] IDS = {
        0, 7, 7, 300, 300, 0,
        0, 7, 7, 300, 300, 0,
        0, 7, 7, 300, 300, 300,
        0, 0, 0, 0, 0, 0};

    @Test
    void outlinesSeparateTouchingObjects() {
        byte[] classes = new byte[IDS.length];
        LabelMode.OBJECTS_AND_OUTLINES.objectsToClasses(IDS, 6, 4, classes);
        // every pixel of these thin objects touches the other object or the background; the image edge does not count
        assertArrayEquals(new byte[] {
            0, 2, 2, 2, 2, 0,
            0, 2, 2, 2, 2, 0,
            0, 2, 2, 2, 2, 2,
            0, 0, 0, 0, 0, 0}, classes);
        int[] wide = {5, 5, 5, 5, 5, 5, 5, 5, 5};
        LabelMode.OBJECTS_AND_OUTLINES.objectsToClasses(wide, 3, 3, classes);
        assertEquals(1, classes[4], "an object filling the image has no outline");
    }

    @Test
    void interiorPixelsAreObjects() {
        int[] ids = new int[5 * 5];
        for (int y = 1; y < 4; y++) for (int x = 1; x < 4; x++) ids[y * 5 + x] = 3;
        byte[] classes = new byte[ids.length];
        LabelMode.OBJECTS_AND_OUTLINES.objectsToClasses(ids, 5, 5, classes);
        assertEquals(1, classes[2 * 5 + 2], "the centre of a 3 x 3 object");
        int outline = 0;
        for (byte c : classes) if (c == 2) outline++;
        assertEquals(8, outline);
        LabelMode.OBJECTS.objectsToClasses(ids, 5, 5, classes);
        int objects = 0;
        for (byte c : classes) objects += c;
        assertEquals(9, objects, "without outlines every object pixel is class 1");
    }

    @Test
    void coresOfTouchingObjectsLieApart() {
        // two discs (radius 9 and 6) that touch along a line with no gap, and a 3 x 3 square
        int w = 40;
        int h = 24;
        int[] ids = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (sq(x - 10) + sq(y - 11) <= 81) ids[y * w + x] = 4;
                else if (sq(x - 24) + sq(y - 11) <= 36) ids[y * w + x] = 9;
            }
        }
        for (int y = 1; y < 4; y++) for (int x = 35; x < 38; x++) ids[y * w + x] = 2;
        byte[] classes = new byte[ids.length];
        LabelMode.OBJECTS_OUTLINES_AND_CORES.objectsToClasses(ids, w, h, classes);
        byte[] outlines = new byte[ids.length];
        LabelMode.OBJECTS_AND_OUTLINES.objectsToClasses(ids, w, h, outlines);
        int[] coreArea = new int[10];
        int[] area = new int[10];
        for (int i = 0; i < ids.length; i++) {
            area[ids[i]]++;
            if (classes[i] == 3) {
                coreArea[ids[i]]++;
                assertEquals(1, outlines[i], "a core pixel is an inner pixel");
                int x = i % w;
                assertTrue(x == 0 || ids[i - 1] == ids[i] || classes[i - 1] != 3, "cores of two objects touch at " + i);
            } else {
                assertEquals(outlines[i], classes[i], "outside the cores the classes are those of objects and outlines");
            }
        }
        assertEquals(0, coreArea[0]);
        assertEquals(3, classes[10 + 11 * w], "the centre of the large disc");
        assertEquals(3, classes[24 + 11 * w], "the centre of the small disc");
        assertEquals(3, classes[36 + 2 * w], "the one inner pixel of the square");
        assertEquals(1, coreArea[2]);
        for (int id : new int[] {4, 9}) {
            double share = (double) coreArea[id] / area[id];
            assertTrue(share > 0.15 && share < 0.4, "a disc's core is about a quarter of it: object " + id + " has " + share);
        }
        // the gap between the cores along the line through both centres
        int gap = 0;
        for (int x = 10; x <= 24; x++) if (classes[x + 11 * w] != 3) gap++;
        assertTrue(gap >= 5, "cores " + gap + " pixels apart");
    }

    private static int sq(int v) {
        return v * v;
    }

    @Test
    void objectClassesKeepsTheImageShapeOnANonZeroMinInterval() {
        int[] flat = new int[6 * 4 * 2];
        System.arraycopy(IDS, 0, flat, 0, IDS.length);
        System.arraycopy(IDS, 0, flat, IDS.length, IDS.length);
        short[] s = new short[flat.length];
        for (int i = 0; i < flat.length; i++) s[i] = (short) flat[i];
        RandomAccessibleInterval<UnsignedShortType> labels = Views.translate(ArrayImgs.unsignedShorts(s, 6, 4, 2), -3, 5, 1);
        Img<UnsignedByteType> classes = LabelMode.OBJECTS_AND_OUTLINES.objectClasses(labels, 2);
        assertArrayEquals(new long[] {6, 4, 2}, classes.dimensionsAsLongArray());
        byte[] expected = new byte[IDS.length];
        LabelMode.OBJECTS_AND_OUTLINES.objectsToClasses(IDS, 6, 4, expected);
        int i = 0;
        for (UnsignedByteType t : classes) assertEquals(expected[i++ % IDS.length], t.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelMode.OBJECTS_AND_OUTLINES.objectClasses(labels, 1));
        assertTrue(e.getMessage().contains("outlines are class 2, but the model has only 2 classes"), e.getMessage());
    }

    @Test
    void aModelRemembersItsLabelMode() {
        JsonObject data = new JsonObject();
        data.addProperty(LabelMode.PROVENANCE_KEY, LabelMode.OBJECTS_AND_OUTLINES.key());
        assertEquals(LabelMode.OBJECTS_AND_OUTLINES, LabelMode.of(new Provenance().with(Provenance.TRAINING_DATA, data)));
        assertEquals(LabelMode.CLASSES, LabelMode.of(new Provenance()), "older models hold class ids");
    }
}
