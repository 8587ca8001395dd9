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
