package org.scsefiji.train.data;

/**
 * One sample: a patchWidth x patchHeight window of one slice of one image, its top-left corner at
 * (x, y), optionally mirrored left-right. Parts outside the image are padding (image 0, label ignored).
 * Pixels left of {@code countFromX} or above {@code countFromY} keep their image values (context) but
 * are not counted: an earlier validation tile already covered them.
 */
public final class Patch {
    final int image;
    final int slice;
    final int x;
    final int y;
    final boolean flip;
    final int countFromX;
    final int countFromY;
    /** Random changes of a training patch, or null for none (validation tiles, augmentation off). */
    final PatchTransform transform;

    Patch(int image, int slice, int x, int y, boolean flip, int countFromX, int countFromY) {
        this(image, slice, x, y, flip, countFromX, countFromY, null);
    }

    Patch(int image, int slice, int x, int y, boolean flip, int countFromX, int countFromY, PatchTransform transform) {
        this.image = image;
        this.slice = slice;
        this.x = x;
        this.y = y;
        this.flip = flip;
        this.countFromX = countFromX;
        this.countFromY = countFromY;
        this.transform = transform;
    }

    /** Index into the entry list. */
    public int image() {
        return image;
    }

    public int slice() {
        return slice;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public boolean flip() {
        return flip;
    }

    @Override
    public String toString() {
        return "image " + image + " slice " + slice + " at (" + x + "," + y + ")" + (flip ? " flipped" : "")
                + (transform == null ? "" : " augmented");
    }
}
