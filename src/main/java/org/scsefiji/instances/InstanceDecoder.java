package org.scsefiji.instances;

import java.util.Arrays;
import org.scsefiji.model.InstancePostProcessing;

/**
 * One object per instance from the class probabilities of one 2-D plane (see {@link InstancePostProcessing}):
 * <ol>
 * <li>foreground: p(object) + p(outline) &gt;= foreground_threshold;</li>
 * <li>seeds: 4-connected regions of foreground pixels with p(object) &gt;= seed_threshold (p(core) for a model with
 * a core class, whose p(object) + p(core) then stands for p(object) everywhere else); regions under
 * min_seed_area pixels are not seeds; with seed_split_height &gt; 0, a region splits at its necks into one seed
 * per maximum of the distance to its edge that stands that high above its neck ({@link SeedSplitter});</li>
 * <li>seeded watershed: seeds grow over 4-neighbouring foreground pixels, the pixel of lowest 1 - p(object)
 * first (256 levels, first in first out within a level), so that touching objects meet where p(object) is
 * lowest, on the predicted outline;</li>
 * <li>foreground regions no seed reached become objects of their own (4-connected);</li>
 * <li>objects under min_area pixels are removed;</li>
 * <li>holes are filled: a 4-connected background region that does not touch the image border and borders one
 * object only joins that object;</li>
 * <li>ids are 1..N in the order of each object's first pixel (x fastest).</li>
 * </ol>
 * A pure function of the probabilities, so it is exactly as tile-independent as they are. Memory: three int
 * arrays of the plane's size and a byte array (two more when seeds are split); time linear in the pixels
 * (and a sort of each seed region's pixels when seeds are split).
 */
public final class InstanceDecoder {
    private static final int LEVELS = 256;
    private static final int UNLABELLED = -1;
    private static final int SEED = -2;

    private final InstancePostProcessing parameters;

    public InstanceDecoder(InstancePostProcessing parameters) {
        this.parameters = parameters;
    }

    /**
     * @param object p(object) per pixel, x fastest
     * @param outline p(outline) per pixel
     */
    public InstanceLabels decode(float[] object, float[] outline, int width, int height) {
        return decode(object, outline, null, width, height);
    }

    /**
     * With a core class ({@link InstancePostProcessing#coreClass()}): the seeds are where p(core) reaches the seed
     * threshold, and p(object) + p(core) is the objects' inside for the foreground and the watershed.
     *
     * @param core p(core) per pixel, or null for a model without a core class
     */
    public InstanceLabels decode(float[] object, float[] outline, float[] core, int width, int height) {
        int n = checkedSize(width, height);
        if (object.length != n || outline.length != n || (core != null && core.length != n)) {
            throw new IllegalArgumentException("probabilities do not cover " + width + " x " + height + " pixels");
        }
        int[] lab = new int[n];
        float fg = (float) parameters.foregroundThreshold();
        float seed = (float) parameters.seedThreshold();
        for (int i = 0; i < n; i++) {
            if (inside(object, core, i) + outline[i] >= fg) lab[i] = (core == null ? object[i] : core[i]) >= seed ? SEED : UNLABELLED;
        }
        int[] queue = new int[n];
        SeedSplitter splitter = parameters.seedSplitHeight() > 0 ? new SeedSplitter(lab, SEED, width, height, parameters.seedSplitHeight()) : null;
        int next = 1;
        for (int i = 0; i < n; i++) {
            if (lab[i] != SEED) continue;
            int size = fill(lab, width, i, SEED, next, queue);
            if (size < parameters.minSeedArea()) {
                relabel(lab, queue, size, UNLABELLED);
            } else if (splitter != null) {
                next = splitter.split(lab, queue, size, next, UNLABELLED);
            } else {
                next++;
            }
        }
        flood(lab, object, core, width, height, queue);
        for (int i = 0; i < n; i++) {
            if (lab[i] == UNLABELLED) fill(lab, width, i, UNLABELLED, next++, queue);
        }
        int[] area = InstanceLabels.areas(lab, next - 1);
        for (int i = 0; i < n; i++) {
            if (lab[i] > 0 && area[lab[i]] < parameters.minArea()) lab[i] = 0;
        }
        fillHoles(lab, width, height, queue);
        int count = renumber(lab, next);
        return new InstanceLabels(width, height, lab, count);
    }

    /**
     * The baseline: 4-connected regions of one class (e.g. nucleus without its outline), ids 1..N in order of
     * first pixel; no minimum size.
     */
    public static InstanceLabels classComponents(int[] classes, int width, int height, int objectClass) {
        int n = checkedSize(width, height);
        int[] lab = new int[n];
        for (int i = 0; i < n; i++) lab[i] = classes[i] == objectClass ? UNLABELLED : 0;
        int[] queue = new int[n];
        int next = 1;
        for (int i = 0; i < n; i++) {
            if (lab[i] == UNLABELLED) fill(lab, width, i, UNLABELLED, next++, queue);
        }
        return new InstanceLabels(width, height, lab, next - 1);
    }

    private static int checkedSize(int width, int height) {
        long n = (long) width * height;
        if (width < 1 || height < 1 || n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a plane of " + width + " x " + height + " pixels cannot be decoded");
        return (int) n;
    }

    /** Gives the 4-connected region of value {@code from} containing {@code start} the value {@code to}; its pixels end up in queue[0..size). */
    private static int fill(int[] lab, int width, int start, int from, int to, int[] queue) {
        return FloodFill.fill(lab, width, start, to, j -> lab[j] == from, queue);
    }

    private static void relabel(int[] lab, int[] pixels, int size, int to) {
        for (int k = 0; k < size; k++) lab[pixels[k]] = to;
    }

    /**
     * Seeded watershed by a bucket queue: each pixel enters once, labelled when it enters by the neighbour
     * that reached it first; a pixel enters at its own level or the current one, whichever is higher, so
     * the current level never goes down. The queue is a linked list per level through {@code link}.
     */
    private static void flood(int[] lab, float[] object, float[] core, int width, int height, int[] link) {
        int n = lab.length;
        int[] head = new int[LEVELS];
        int[] tail = new int[LEVELS];
        Arrays.fill(head, -1);
        for (int i = 0; i < n; i++) {
            if (lab[i] > 0) push(i, level(inside(object, core, i)), head, tail, link);
        }
        for (int level = 0; level < LEVELS; level++) {
            while (head[level] >= 0) {
                int i = head[level];
                head[level] = i == tail[level] ? -1 : link[i];
                int id = lab[i];
                int x = i % width;
                if (x > 0) claim(i - 1, id, level, lab, object, core, head, tail, link);
                if (x < width - 1) claim(i + 1, id, level, lab, object, core, head, tail, link);
                if (i >= width) claim(i - width, id, level, lab, object, core, head, tail, link);
                if (i + width < n) claim(i + width, id, level, lab, object, core, head, tail, link);
            }
        }
    }

    private static void claim(int j, int id, int level, int[] lab, float[] object, float[] core, int[] head, int[] tail, int[] link) {
        if (lab[j] != UNLABELLED) return;
        lab[j] = id;
        push(j, Math.max(level, level(inside(object, core, j))), head, tail, link);
    }

    /** p(object), plus p(core) when the model has cores: the probability that a pixel is inside an object's outline. */
    private static float inside(float[] object, float[] core, int i) {
        return core == null ? object[i] : object[i] + core[i];
    }

    private static void push(int i, int level, int[] head, int[] tail, int[] link) {
        if (head[level] < 0) head[level] = i;
        else link[tail[level]] = i;
        tail[level] = i;
    }

    /** 0 for p(object) = 1 up to 255 for p(object) = 0. */
    private static int level(float pObject) {
        int l = Math.round((1 - pObject) * (LEVELS - 1));
        return l < 0 ? 0 : l >= LEVELS ? LEVELS - 1 : l;
    }

    /** Background regions away from the border that touch one object only join it. */
    private static void fillHoles(int[] lab, int width, int height, int[] queue) {
        int n = lab.length;
        final int visiting = -3;
        for (int s = 0; s < n; s++) {
            if (lab[s] != 0) continue;
            int size = fill(lab, width, s, 0, visiting, queue);
            int owner = 0; // the one object around, -1 once there are two or the region touches the border
            for (int k = 0; k < size && owner >= 0; k++) {
                int i = queue[k];
                int x = i % width;
                if (x == 0 || x == width - 1 || i < width || i + width >= n) {
                    owner = -1;
                } else {
                    owner = around(owner, lab[i - 1]);
                    owner = around(owner, lab[i + 1]);
                    owner = around(owner, lab[i - width]);
                    owner = around(owner, lab[i + width]);
                }
            }
            // background that stays is marked visited, so that it is not scanned again
            relabel(lab, queue, size, owner > 0 ? owner : Integer.MIN_VALUE);
        }
        for (int i = 0; i < n; i++) if (lab[i] == Integer.MIN_VALUE) lab[i] = 0;
    }

    private static int around(int owner, int neighbour) {
        if (owner < 0 || neighbour <= 0 || neighbour == owner) return owner;
        return owner == 0 ? neighbour : -1;
    }

    /** Ids 1..N in order of first pixel; returns N. */
    private static int renumber(int[] lab, int ids) {
        int[] map = new int[ids];
        int count = 0;
        for (int i = 0; i < lab.length; i++) {
            int v = lab[i];
            if (v <= 0) continue;
            if (map[v] == 0) map[v] = ++count;
            lab[i] = map[v];
        }
        return count;
    }
}
