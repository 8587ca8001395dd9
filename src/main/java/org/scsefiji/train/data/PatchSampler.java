package org.scsefiji.train.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Chooses the patches of each epoch and the validation tiles.
 *
 * <p>Training: every slice gives ceil(W / patchWidth) x ceil(H / patchHeight) patches per epoch at
 * uniformly random positions (ReLayNet: full-height strips of 64 columns, 12 per 768-wide B-scan),
 * each mirrored left-right with probability 1/2 when flips are on, and changed at random by the
 * {@link Augmentation} (none by default). To stream data larger than the
 * cache, the images are shuffled, cut into consecutive blocks that fit in the cache, and the patches
 * are shuffled within each block; when everything fits, that is one full shuffle.
 *
 * <p>Validation: a fixed grid of tiles covering every slice once, no flips; a last tile that would
 * cross the border is moved back inside, and the overlap it shares with the previous tile is not
 * counted again.
 *
 * <p>Randomness: epoch e draws from its own generator seeded by (seed, e), so a run resumed at epoch e
 * samples exactly what an uninterrupted run would.
 */
public final class PatchSampler {
    private final List<ImageEntry> entries;
    private final int[] training;
    private final int[] validation;
    private final int patchWidth;
    private final int patchHeight;
    private final boolean flip;
    private final long seed;
    private final long cacheBudget;
    private final boolean weights;
    private final Augmentation augmentation;

    /**
     * @param training indices into {@code entries} of the training images
     * @param patchWidth patch width, 0 for the widest image's width
     * @param patchHeight patch height, 0 for the tallest image's height
     */
    public PatchSampler(List<ImageEntry> entries, int[] training, int[] validation, int patchWidth, int patchHeight,
            boolean flip, long seed, long cacheBudget, boolean weights) {
        this(entries, training, validation, patchWidth, patchHeight, flip, seed, cacheBudget, weights, Augmentation.none());
    }

    /** As above, each training patch changed at random by {@code augmentation}. */
    public PatchSampler(List<ImageEntry> entries, int[] training, int[] validation, int patchWidth, int patchHeight,
            boolean flip, long seed, long cacheBudget, boolean weights, Augmentation augmentation) {
        if (patchWidth < 0 || patchHeight < 0) {
            throw new IllegalArgumentException("patch_width and patch_height must be >= 0 (0 = whole image), got "
                    + patchWidth + " and " + patchHeight);
        }
        this.entries = entries;
        this.training = training.clone();
        this.validation = validation.clone();
        int maxW = 1;
        int maxH = 1;
        for (ImageEntry e : entries) {
            maxW = Math.max(maxW, e.width());
            maxH = Math.max(maxH, e.height());
        }
        this.patchWidth = patchWidth == 0 ? maxW : patchWidth;
        this.patchHeight = patchHeight == 0 ? maxH : patchHeight;
        this.flip = flip;
        this.seed = seed;
        this.cacheBudget = cacheBudget;
        this.weights = weights;
        this.augmentation = augmentation;
    }

    public int patchWidth() {
        return patchWidth;
    }

    public int patchHeight() {
        return patchHeight;
    }

    /** The patches of epoch {@code epoch} (0-based), in training order. */
    public List<Patch> trainingEpoch(int epoch) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        List<Integer> order = new ArrayList<>();
        for (int i : training) order.add(i);
        Collections.shuffle(order, r);
        List<Patch> all = new ArrayList<>();
        List<Patch> block = new ArrayList<>();
        long blockBytes = 0;
        for (int i : order) {
            long bytes = entries.get(i).cacheBytes(weights);
            if (!block.isEmpty() && blockBytes + bytes > cacheBudget) {
                Collections.shuffle(block, r);
                all.addAll(block);
                block.clear();
                blockBytes = 0;
            }
            blockBytes += bytes;
            addRandomPatches(i, r, block);
        }
        Collections.shuffle(block, r);
        all.addAll(block);
        return all;
    }

    /** Patches per epoch. */
    public int trainingPatchCount() {
        int n = 0;
        for (int i : training) n += patchesPerSlice(entries.get(i)) * entries.get(i).slices();
        return n;
    }

    private int patchesPerSlice(ImageEntry e) {
        return ceilDiv(e.width(), patchWidth) * ceilDiv(e.height(), patchHeight);
    }

    private void addRandomPatches(int image, Random r, List<Patch> out) {
        ImageEntry e = entries.get(image);
        int n = patchesPerSlice(e);
        for (int s = 0; s < e.slices(); s++) {
            for (int k = 0; k < n; k++) {
                int x = e.width() > patchWidth ? r.nextInt(e.width() - patchWidth + 1) : 0;
                int y = e.height() > patchHeight ? r.nextInt(e.height() - patchHeight + 1) : 0;
                boolean f = flip && r.nextBoolean();
                out.add(new Patch(image, s, x, y, f, 0, 0, augmentation.draw(r)));
            }
        }
    }

    /** Tiles covering every validation slice exactly once (counted pixels), in image order. */
    public List<Patch> validationTiles() {
        List<Patch> tiles = new ArrayList<>();
        for (int i : validation) {
            ImageEntry e = entries.get(i);
            int[][] xs = starts(e.width(), patchWidth);
            int[][] ys = starts(e.height(), patchHeight);
            for (int s = 0; s < e.slices(); s++) {
                for (int[] y : ys) {
                    for (int[] x : xs) tiles.add(new Patch(i, s, x[0], y[0], false, x[1], y[1]));
                }
            }
        }
        return tiles;
    }

    /** {start, first counted offset} of tiles of size {@code tile} along an axis of {@code length}. */
    private static int[][] starts(int length, int tile) {
        int n = ceilDiv(length, tile);
        int[][] out = new int[n][];
        for (int k = 0; k < n; k++) {
            int nominal = k * tile;
            int start = Math.max(0, Math.min(nominal, length - tile));
            out[k] = new int[] {start, nominal - start};
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
