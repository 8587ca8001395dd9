package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.imglib2.Cursor;
import net.imglib2.FinalDimensions;
import net.imglib2.FinalInterval;
import net.imglib2.Interval;
import net.imglib2.RandomAccessible;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.NormalizationStatistics;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.AttentionRecorder;
import org.scsefiji.nn.LogitOffsets;
import org.scsefiji.nn.SegmentationNetwork;
import org.scsefiji.nn.SqueezeContext;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * Segments images of any size with a network, tile by tile, so that the result does not depend on
 * the tiling: labels equal those of a single-tile run and probabilities agree to float rounding.
 *
 * <ul>
 *   <li>2-D slices: dimensions 0 and 1 are X and Y; every other dimension except the channel axis
 *       indexes slices, segmented one by one (stacks, volumes, time series).</li>
 *   <li>Normalisation (the spec's) is computed once per slice and channel over the whole slice,
 *       never per tile.</li>
 *   <li>The network sees the slice extended by mirroring, at least its receptive radius on every
 *       side ({@link TilePlan}). Channel squeezes average over the slice's pixels only, so with
 *       several tiles per slice every squeeze site needs the whole slice's means before any tile can
 *       go on. Two exact ways: if the tiles' paused states fit the memory budget, all tile forwards run
 *       in lockstep, site by site ({@link LockstepForwards}: one forward per tile); otherwise the means
 *       are measured site by site, each pass over the tiles stopping the network at that site, then a
 *       last pass writes the output ((sites + 1) partial forwards per tile).</li>
 *   <li>Automatic tiles come from a native memory budget ({@link InferenceMemory}): one tile when the
 *       slice fits, else the fewest equal tiles whose forward and paused states fit.</li>
 *   <li>Cancel is checked between forwards. A cancelled run throws {@link
 *       org.scsefiji.task.CancelledException} and leaves the outputs partially written but
 *       consistent: every tile's valid region is either completely written (labels, probabilities,
 *       attention) or untouched; the statistics passes of a multi-tile slice write nothing.</li>
 * </ul>
 * Grad mode is switched off on the calling thread; each forward has its own NDManager, closed once
 * its outputs are read. Not for concurrent use: one segment call at a time per instance.
 */
public final class Segmenter {
    /** At most this many tile forwards are paused at once (each is a thread); beyond, the statistics are measured pass by pass. */
    static final int MAX_PAUSED_FORWARDS = 1024;

    private final SegmentationNetwork network;
    private final NDManager modelManager;
    private final NetworkSpec spec;
    private int tileSize;
    private int batchSize;
    private long pixelBudget;
    private long memoryBudget;
    private Structure structure;

    /** Segments with a loaded model (the model stays owned by the caller). */
    public Segmenter(ScseModel model) {
        this(model.network(), model.djlModel().getNDManager());
    }

    /**
     * @param network an initialised network
     * @param modelManager the manager holding its parameters (its device is used); each forward works
     *        in a sub-manager of it
     */
    public Segmenter(SegmentationNetwork network, NDManager modelManager) {
        this.network = network;
        this.modelManager = modelManager;
        this.spec = network.spec();
    }

    /** Tile input size in pixels per side, halo included; 0 (default) chooses from the pixel budget. */
    public Segmenter tileSize(int pixels) {
        if (pixels < 0) throw new IllegalArgumentException("tile_size must be 0 (automatic) or positive, got " + pixels);
        this.tileSize = pixels;
        return this;
    }

    /** Tiles (or single-tile slices) per forward; 0 (default) fills the pixel budget. */
    public Segmenter batchSize(int tiles) {
        if (tiles < 0) throw new IllegalArgumentException("batch_size must be 0 (automatic) or positive, got " + tiles);
        this.batchSize = tiles;
        return this;
    }

    /**
     * Input pixels per forward that automatic tile and batch sizes aim for. Default: the memory budget
     * over the network's bytes per pixel; setting it also makes automatic tiles the largest that fit it.
     */
    public Segmenter pixelBudget(long pixels) {
        if (pixels < 1) throw new IllegalArgumentException("pixel budget must be positive, got " + pixels);
        this.pixelBudget = pixels;
        return this;
    }

    public long pixelBudget() {
        long pixels = pixelBudget > 0 ? pixelBudget : memoryBudget() / InferenceMemory.forwardBytesPerPixel(spec);
        // A machine with much memory (tens of GB) would otherwise plan tiles larger than one input may be
        return Math.max(1, Math.min(pixels, TilePlan.MAX_TILE_PIXELS));
    }

    /** Native memory, in bytes, that one segment call may use (default {@link InferenceMemory#budgetBytes(ai.djl.Device)}). */
    public Segmenter memoryBudget(long bytes) {
        if (bytes < 1) throw new IllegalArgumentException("memory budget must be positive, got " + bytes);
        this.memoryBudget = bytes;
        return this;
    }

    public long memoryBudget() {
        if (memoryBudget == 0) memoryBudget = InferenceMemory.budgetBytes(modelManager.getDevice());
        return memoryBudget;
    }

    /** The plan this segmenter uses for each 2-D slice spanning {@code slice} (dimensions 0 and 1). */
    public TilePlan plan(Interval slice) {
        if (slice.numDimensions() != 2) throw new IllegalArgumentException("A tile plan is made for 2-D slices");
        int m = network.sizeMultiple();
        int r = network.receptiveRadius();
        if (network.segmentsWholeSlices()) return TilePlan.withPixelBudget(slice, m, r, Long.MAX_VALUE);
        int largest = network.largestTile();
        if (largest > 0) return TilePlan.withTileSize(slice, m, r, tileSize > 0 ? Math.min(tileSize, largest) : largest);
        if (tileSize > 0) return TilePlan.withTileSize(slice, m, r, tileSize);
        if (pixelBudget > 0) return TilePlan.withPixelBudget(slice, m, r, pixelBudget());
        return TilePlan.withTileCounts(slice, m, r, tileCounts(slice));
    }

    /**
     * Tiles per dimension for the memory budget: one if the slice fits, else the fewest whose forward
     * plus every tile's paused state fit (lockstep); if no count does, the fewest whose forward fits.
     */
    private long[] tileCounts(Interval slice) {
        int m = network.sizeMultiple();
        int halo = TilePlan.halo(m, network.receptiveRadius());
        int smallest = TilePlan.smallestTile(m, halo);
        long[] lockstep = searchCounts(slice, m, halo, smallest, true);
        return lockstep != null ? lockstep : searchCounts(slice, m, halo, smallest, false);
    }

    private long[] searchCounts(Interval slice, int m, int halo, int smallest, boolean keepStates) {
        long[] counts = {1, 1};
        while (true) {
            long[] side = new long[2];
            long tiles = 1;
            for (int d = 0; d < 2; d++) {
                side[d] = TilePlan.balancedSide(slice.dimension(d), counts[d], m, halo);
                tiles *= TilePlan.ceilDiv(slice.dimension(d), side[d] - 2L * halo);
            }
            long pixels = side[0] * side[1];
            if (tiles == 1 ? fitsForward(pixels) : keepStates ? fitsLockstep(pixels, tiles, 1) : fitsForward(pixels)) return counts;
            int d = side[0] >= side[1] ? 0 : 1;
            if (side[d] <= smallest) d = 1 - d;
            if (side[d] <= smallest) return keepStates ? null : counts;
            counts[d]++;
        }
    }

    private boolean fitsForward(long pixels) {
        return pixels <= pixelBudget();
    }

    /** Whether {@code tiles} paused forwards plus one running forward of {@code batch} tiles fit the memory budget. */
    private boolean fitsLockstep(long tilePixels, long tiles, int batch) {
        if (tiles > (long) MAX_PAUSED_FORWARDS * batch || tilePixels > TilePlan.MAX_TILE_PIXELS) return false;
        double states = (double) structure().stateBytesPerPixel * tilePixels * tiles;
        double running = (double) InferenceMemory.forwardBytesPerPixel(spec) * tilePixels * batch;
        return states + running <= memoryBudget();
    }

    /**
     * Network forwards per tile of a plan: 1 when the slice is one tile or its tiles run in lockstep,
     * else the squeeze sites + 1 (the whole-image means measured pass by pass).
     */
    public int forwardsPerTile(TilePlan plan) {
        return plan.isSingleTile() || lockstep(plan) ? 1 : structure().sites + 1;
    }

    /** Whether the tiles of a multi-tile plan run in lockstep (their paused states fit the memory budget). */
    private boolean lockstep(TilePlan plan) {
        long tilePixels = Arrays.stream(plan.tileSize()).asLongStream().reduce(1, (a, b) -> a * b);
        return structure().sites > 0 && !plan.isSingleTile() && fitsLockstep(tilePixels, plan.tileCount(), lockstepBatch());
    }

    private int lockstepBatch() {
        return batchSize > 0 ? batchSize : 1;
    }

    /** Forwards per batch for a plan: the batch size, or as many tiles as fill the pixel budget. */
    int tilesPerForward(TilePlan plan, int channels) {
        long pixels = Arrays.stream(plan.tileSize()).asLongStream().reduce(1, (a, b) -> a * b);
        long n = batchSize > 0 ? batchSize : Math.max(1, pixelBudget() / pixels);
        return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE / 2 / (pixels * channels)));
    }

    /** Segments into new images (see {@link SegmentationOutputs#allocate}). */
    public <T extends RealType<T>> SegmentationOutputs segment(RandomAccessibleInterval<T> image, ImageAxes axes,
            boolean probabilities, boolean attention, ProgressListener progress, CancelToken cancel) {
        long[] labelDims = labelDimensions(image, axes);
        SegmentationOutputs out = SegmentationOutputs.allocate(new FinalDimensions(labelDims), spec.classCount(), probabilities, attention);
        segment(image, axes, out, progress, cancel);
        return out;
    }

    /**
     * Segments into the caller's outputs. Optional outputs (probabilities, attention) are written when
     * present; the confidence sum ({@link SegmentationOutputs#confidenceSum()}) always.
     *
     * @throws IllegalArgumentException if the image does not fit the model (e.g. channel count) or an
     *         output has the wrong size
     * @throws org.scsefiji.task.CancelledException if cancelled
     */
    public <T extends RealType<T>> void segment(RandomAccessibleInterval<T> image, ImageAxes axes, SegmentationOutputs outputs,
            ProgressListener progress, CancelToken cancel) {
        long[] labelDims = labelDimensions(image, axes);
        checkSize("label image", outputs.labels(), labelDims);
        double maxLabel = net.imglib2.util.Util.getTypeFromInterval(outputs.labels()).getMaxValue();
        if (maxLabel < spec.classCount() - 1) {
            throw new IllegalArgumentException("The label image holds values up to " + (long) maxLabel + ", too few for the "
                    + spec.classCount() + " classes of this model; use a 16-bit label image.");
        }
        if (outputs.probabilities() != null) {
            checkSize("probability image", outputs.probabilities(), SegmentationOutputs.withLast(labelDims, spec.classCount()));
        }
        if (outputs.attention() != null) checkSize("attention image", outputs.attention(), SegmentationOutputs.withLast(labelDims, 2));
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        CancelToken token = cancel == null ? new CancelToken() : cancel;
        TorchEngine.withPluginClassLoader(() -> {
            TorchEngine.disableGradOnThisThread();
            Structure s = structure();
            if (outputs.attention() != null && s.gates == 0) {
                throw new IllegalArgumentException("This model has no spatial attention (sSE) blocks, so it has no attention maps to show.");
            }
            new Run<>(image, axes, outputs, s, listener, token).run();
            return null;
        });
    }

    /** The label image's dimensions: the image's without the channel axis; checks the image fits the model. */
    private long[] labelDimensions(RandomAccessibleInterval<?> image, ImageAxes axes) {
        if (image.numDimensions() != axes.dimensions()) {
            throw new IllegalArgumentException("The image has " + image.numDimensions() + " dimensions, but its axes describe " + axes.dimensions());
        }
        long channels = axes.hasChannelAxis() ? image.dimension(axes.channelAxis()) : 1;
        int expected = spec.inputChannels();
        if (channels != expected) {
            throw new IllegalArgumentException("This model expects " + expected + (expected == 1 ? " channel" : " channels")
                    + ", the image has " + channels + ".");
        }
        return axes.withoutChannel(image.dimensionsAsLongArray());
    }

    private static void checkSize(String what, Interval output, long[] expected) {
        long[] actual = output.dimensionsAsLongArray();
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalArgumentException("The " + what + " is " + describe(actual) + " pixels, but the image needs " + describe(expected));
        }
    }

    private static String describe(long[] dims) {
        StringBuilder b = new StringBuilder();
        for (long d : dims) b.append(b.length() == 0 ? "" : " x ").append(d);
        return b.toString();
    }

    /**
     * Squeeze sites, sSE gates and the bytes a forward holds while paused at a site (per input pixel,
     * the largest over its sites, plus a tenth for the allocator), measured once on a tiny input.
     */
    private Structure structure() {
        if (structure == null) {
            structure = TorchEngine.withPluginClassLoader(() -> {
                TorchEngine.disableGradOnThisThread();
                int side = 4 * network.sizeMultiple();
                int[] tile = {side, side};
                WholeImageChannelSqueeze squeeze = WholeImageChannelSqueeze.local(0, tile, new long[] {side}, new long[] {side});
                try (NDManager call = modelManager.newSubManager()) {
                    long[] held = {0};
                    SqueezeContext measuring = features -> {
                        held[0] = Math.max(held[0], liveBytes(call));
                        return squeeze.squeeze(features);
                    };
                    FirstAndLastAttentionMaps gates = new FirstAndLastAttentionMaps(call);
                    NDArray x = call.zeros(new Shape(1, spec.inputChannels(), side, side));
                    network.forward(new ParameterStore(call, false), new NDList(x), false, parameters(measuring, gates));
                    long perPixel = held[0] * 11 / 10 / ((long) side * side) + 1;
                    return new Structure(squeeze.sites(), gates.count(), perPixel);
                }
            });
        }
        return structure;
    }

    private static long liveBytes(NDManager manager) {
        long bytes = 0;
        for (NDArray a : manager.getManagedArrays()) {
            if (!a.isReleased()) bytes += a.getShape().size() * a.getDataType().getNumOfBytes();
        }
        return bytes;
    }

    private static PairList<String, Object> parameters(SqueezeContext squeeze, AttentionRecorder gates) {
        PairList<String, Object> p = new PairList<>();
        p.add(SqueezeContext.KEY, squeeze);
        if (gates != null) p.add(AttentionRecorder.KEY, gates);
        return p;
    }

    private static final class Structure {
        final int sites;
        final int gates;
        final long stateBytesPerPixel;

        Structure(int sites, int gates, long stateBytesPerPixel) {
            this.sites = sites;
            this.gates = gates;
            this.stateBytesPerPixel = stateBytesPerPixel;
        }
    }

    /** One segment call: the image arranged as (x, y, slice dims..., channel), its plan and outputs. */
    private final class Run<T extends RealType<T>> {
        private final RandomAccessibleInterval<T> image;
        private final boolean hasChannels;
        private final int channels;
        private final long[] sliceDims;
        private final long sliceCount;
        private final SegmentationOutputs outputs;
        private final Structure structure;
        private final ProgressListener progress;
        private final CancelToken cancel;
        private final TilePlan plan;
        private final int[] tile;
        private final int[] valid;
        private final int halo;
        private final int classes;
        /** The spec's logit offsets, or null when it has none (the common case: no extra work per tile). */
        private final float[] logitOffsets;
        private final int batch;
        private final boolean lockstep;
        private final long totalWork;
        private long doneWork;
        /** Over the pixels written so far: the sum of each one's highest class probability. */
        private double confidenceSum;
        /**
         * One set of tile arrays for the whole call, reused by every forward, so that Java memory does not
         * churn (and G1 grow its heap) tile after tile. Forwards never fill or read them concurrently: the
         * lockstep forwards run one at a time, each filling its input before its first pause and producing
         * its result after its last, which is written before the next forward goes on.
         */
        private float[] inputBuffer;
        private final TileBuffers results = new TileBuffers();

        Run(RandomAccessibleInterval<T> image, ImageAxes axes, SegmentationOutputs outputs, Structure structure,
                ProgressListener progress, CancelToken cancel) {
            this.hasChannels = axes.hasChannelAxis();
            this.image = hasChannels ? Views.moveAxis(image, axes.channelAxis(), image.numDimensions() - 1) : image;
            this.channels = spec.inputChannels();
            this.sliceDims = new long[image.numDimensions() - 2 - (hasChannels ? 1 : 0)];
            long count = 1;
            for (int i = 0; i < sliceDims.length; i++) {
                sliceDims[i] = this.image.dimension(2 + i);
                count = Math.multiplyExact(count, sliceDims[i]);
            }
            this.sliceCount = count;
            this.outputs = outputs;
            this.structure = structure;
            this.progress = progress;
            this.cancel = cancel;
            this.plan = plan(new FinalInterval(new long[] {image.min(0), image.min(1)}, new long[] {image.max(0), image.max(1)}));
            this.tile = plan.tileSize();
            this.valid = plan.validSize();
            this.halo = plan.halo();
            this.classes = spec.classCount();
            this.logitOffsets = spec.logitOffsetFloats();
            if ((long) channels * tile[0] * tile[1] > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("Tiles of " + tile[0] + " x " + tile[1] + " pixels with " + channels
                        + " channels are too large for one network input; choose a smaller tile size.");
            }
            this.lockstep = lockstep(plan);
            this.batch = lockstep ? lockstepBatch() : tilesPerForward(plan, channels);
            long passes = plan.isSingleTile() ? 1 : structure.sites + 1;
            this.totalWork = sliceCount * plan.tileCount() * passes;
        }

        void run() {
            if (plan.isSingleTile()) {
                segmentSingleTileSlices();
            } else if (lockstep) {
                for (long s = 0; s < sliceCount; s++) segmentLockstepSlice(s);
            } else {
                for (long s = 0; s < sliceCount; s++) segmentTiledSlice(s);
            }
            outputs.confidenceSum(confidenceSum);
            progress.progress(1, "Segmentation done");
        }

        /** Each slice is one tile: batches of slices, each squeezed over its own valid window. */
        private void segmentSingleTileSlices() {
            TilePlan.Tile t = plan.tile(0);
            for (long s0 = 0; s0 < sliceCount; s0 += batch) {
                cancel.check();
                int n = (int) Math.min(batch, sliceCount - s0);
                float[] input = inputBuffer(n);
                List<SliceOutput> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    report(sliceCount == 1 ? "Measuring intensities" : "Slice " + (s0 + i + 1) + " of " + sliceCount + ": measuring intensities");
                    fill(input, i, new SliceInput(s0 + i), t.input());
                    out.add(new SliceOutput(s0 + i));
                }
                String message = sliceCount == 1 ? "Segmenting" : "Segmenting slices " + (s0 + 1) + "-" + (s0 + n) + " of " + sliceCount;
                report(message);
                TilePlan.Tile[] tiles = new TilePlan.Tile[n];
                Arrays.fill(tiles, t);
                Result r = forward(input, n, WholeImageChannelSqueeze.local(halo, tile, widths(tiles), heights(tiles)));
                for (int i = 0; i < n; i++) write(out.get(i), t, i, r);
                doneWork += n;
                report(message);
            }
        }

        /** Several tiles, all forwards paused at each site until the whole slice's means are known. */
        private void segmentLockstepSlice(long slice) {
            cancel.check();
            String where = sliceCount == 1 ? "" : "Slice " + (slice + 1) + " of " + sliceCount + ": ";
            report(where + "measuring intensities");
            SliceInput in = new SliceInput(slice);
            SliceOutput out = new SliceOutput(slice);
            ImageSqueezeStatistics stats = new ImageSqueezeStatistics();
            List<TilePlan.Tile[]> groups = new ArrayList<>();
            for (long t0 = 0; t0 < plan.tileCount(); t0 += batch) groups.add(tiles(t0));
            List<LockstepForwards.Forward<Result>> forwards = new ArrayList<>();
            for (TilePlan.Tile[] g : groups) {
                // The input is read on the forward's thread while this one waits: never concurrently.
                forwards.add(wait -> forward(fill(in, g), g.length, WholeImageChannelSqueeze.staged(halo, tile, widths(g), heights(g), stats, wait)));
            }
            try (LockstepForwards<Result> f = new LockstepForwards<>(forwards)) {
                for (int site = 0; site < structure.sites; site++) {
                    for (int i = 0; i < f.size(); i++) {
                        cancel.check();
                        if (f.advance(i) != LockstepForwards.State.PAUSED || f.pausedSite(i) != site) {
                            throw new IllegalStateException("Tile group " + (i + 1) + " finished without reaching squeeze site " + (site + 1)
                                    + ", although the network has " + structure.sites);
                        }
                        doneWork += groups.get(i).length;
                        report(where + "whole-image statistics, step " + (site + 1) + " of " + structure.sites
                                + " (tile group " + (i + 1) + " of " + f.size() + ")");
                    }
                    stats.finishSite();
                }
                for (int i = 0; i < f.size(); i++) {
                    cancel.check();
                    if (f.advance(i) != LockstepForwards.State.DONE) {
                        throw new IllegalStateException("The network squeezed its features more than the " + structure.sites
                                + " times it did when its structure was measured");
                    }
                    Result r = f.result(i);
                    TilePlan.Tile[] g = groups.get(i);
                    for (int k = 0; k < g.length; k++) write(out, g[k], k, r);
                    doneWork += g.length;
                    report(where + "segmenting (tile group " + (i + 1) + " of " + f.size() + ")");
                }
            }
        }

        /** Several tiles: measure the whole-slice squeeze means site by site, then segment. */
        private void segmentTiledSlice(long slice) {
            cancel.check();
            String where = sliceCount == 1 ? "" : "Slice " + (slice + 1) + " of " + sliceCount + ": ";
            report(where + "measuring intensities");
            SliceInput in = new SliceInput(slice);
            SliceOutput out = new SliceOutput(slice);
            ImageSqueezeStatistics stats = new ImageSqueezeStatistics();
            long tiles = plan.tileCount();
            for (int site = 0; site < structure.sites; site++) {
                for (long t0 = 0; t0 < tiles; t0 += batch) {
                    cancel.check();
                    TilePlan.Tile[] group = tiles(t0);
                    float[] input = fill(in, group);
                    collect(input, group.length, WholeImageChannelSqueeze.collect(halo, tile, widths(group), heights(group), stats, site), site);
                    doneWork += group.length;
                    report(where + "measuring whole-image statistics, step " + (site + 1) + " of " + structure.sites
                            + " (tile " + (t0 + group.length) + " of " + tiles + ")");
                }
                stats.finishSite();
            }
            for (long t0 = 0; t0 < tiles; t0 += batch) {
                cancel.check();
                TilePlan.Tile[] group = tiles(t0);
                float[] input = fill(in, group);
                Result r = forward(input, group.length, WholeImageChannelSqueeze.apply(halo, tile, widths(group), heights(group), stats));
                for (int i = 0; i < group.length; i++) write(out, group[i], i, r);
                doneWork += group.length;
                report(where + "segmenting (tile " + (t0 + group.length) + " of " + tiles + ")");
            }
        }

        private void report(String message) {
            progress.progress(Math.min(1, (double) doneWork / totalWork), message);
        }

        private TilePlan.Tile[] tiles(long first) {
            int n = (int) Math.min(batch, plan.tileCount() - first);
            TilePlan.Tile[] group = new TilePlan.Tile[n];
            for (int i = 0; i < n; i++) group[i] = plan.tile(first + i);
            return group;
        }

        private long[] widths(TilePlan.Tile[] tiles) {
            return Arrays.stream(tiles).mapToLong(t -> t.valid().dimension(0)).toArray();
        }

        private long[] heights(TilePlan.Tile[] tiles) {
            return Arrays.stream(tiles).mapToLong(t -> t.valid().dimension(1)).toArray();
        }

        private float[] fill(SliceInput in, TilePlan.Tile[] group) {
            float[] input = inputBuffer(group.length);
            for (int i = 0; i < group.length; i++) fill(input, i, in, group[i].input());
            return input;
        }

        /** The reused input array, large enough for {@code n} tiles (its first n tiles are what a forward sees). */
        private float[] inputBuffer(int n) {
            int length = n * channels * tile[0] * tile[1];
            if (inputBuffer == null || inputBuffer.length < length) inputBuffer = new float[Math.max(length, batch * channels * tile[0] * tile[1])];
            return inputBuffer;
        }

        /** Copies the normalised, mirror-extended input of one tile into batch item {@code item}. */
        private void fill(float[] input, int item, SliceInput in, Interval tileInput) {
            int pixels = tile[0] * tile[1];
            for (int c = 0; c < channels; c++) {
                int o = (item * channels + c) * pixels;
                NormalizationStatistics norm = in.normalization[c];
                Cursor<T> cursor = Views.flatIterable(Views.interval(in.extended[c], tileInput)).cursor();
                while (cursor.hasNext()) input[o++] = norm.apply(cursor.next().getRealDouble());
            }
        }

        /** A statistics pass: the forward must stop at squeeze site {@code site}. */
        private void collect(float[] input, int n, WholeImageChannelSqueeze squeeze, int site) {
            try (NDManager call = modelManager.newSubManager()) {
                NDArray x = input(call, input, n);
                try {
                    network.forward(new ParameterStore(call, false), new NDList(x), false, parameters(squeeze, null));
                } catch (RuntimeException e) {
                    if (isSiteCollected(e)) return;
                    throw e;
                }
            }
            throw new IllegalStateException("The network finished without reaching squeeze site " + (site + 1)
                    + ", although it has " + structure.sites);
        }

        private NDArray input(NDManager call, float[] input, int n) {
            return results.input(call, input, new Shape(n, channels, tile[1], tile[0]));
        }

        private boolean isSiteCollected(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof WholeImageChannelSqueeze.SiteCollected) return true;
            }
            return false;
        }

        /** A full forward; reads labels, probabilities and gates of the valid centres, then frees everything. */
        private Result forward(float[] input, int n, WholeImageChannelSqueeze squeeze) {
            try (NDManager call = modelManager.newSubManager()) {
                FirstAndLastAttentionMaps gates = outputs.attention() != null ? new FirstAndLastAttentionMaps(call) : null;
                NDArray x = input(call, input, n);
                NDArray logits = network.forward(new ParameterStore(call, false), new NDList(x), false, parameters(squeeze, gates))
                        .singletonOrThrow();
                if (squeeze.sites() != structure.sites) {
                    throw new IllegalStateException("The network squeezed its features " + squeeze.sites() + " times, expected " + structure.sites);
                }
                Shape expected = new Shape(n, classes, tile[1], tile[0]);
                if (!logits.getShape().equals(expected)) {
                    throw new IllegalStateException("The network returned " + logits.getShape() + ", expected " + expected);
                }
                NDArray centre = logits.get(new NDIndex(":, :, {}:{}, {}:{}", halo, halo + valid[1], halo, halo + valid[0]));
                centre = LogitOffsets.add(centre, logitOffsets);
                Result r = new Result();
                results.classify(centre, outputs.probabilities() != null);
                r.labels = results.labels();
                if (outputs.probabilities() != null) r.probabilities = results.probabilities();
                r.confidence = results.confidence();
                if (gates != null) {
                    r.first = new Gate(gates.first(), tile, halo);
                    r.last = new Gate(gates.last(), tile, halo);
                }
                return r;
            }
        }

        /** Writes batch item {@code item}'s valid centre. */
        private void write(SliceOutput out, TilePlan.Tile t, int item, Result r) {
            Interval v = t.valid();
            int w = (int) v.dimension(0);
            int h = (int) v.dimension(1);
            int centre = valid[0] * valid[1];
            writeLabels(out.labels, v, r.labels, item * centre, w, h);
            for (int y = 0; y < h; y++) {
                int row = item * centre + y * valid[0];
                for (int x = 0; x < w; x++) confidenceSum += r.confidence[row + x];
            }
            if (r.probabilities != null) {
                for (int k = 0; k < classes; k++) writeFloats(out.probabilities[k], v, r.probabilities, (item * classes + k) * centre, w, h);
            }
            if (r.first != null) {
                r.first.write(out.firstGate, v, item, w, h);
                r.last.write(out.lastGate, v, item, w, h);
            }
        }

        private <L extends IntegerType<?>> void writeLabels(RandomAccessibleInterval<L> labels, Interval v, int[] values, int offset, int w, int h) {
            Cursor<L> c = Views.flatIterable(Views.interval(labels, v)).cursor();
            for (int y = 0; y < h; y++) {
                int row = offset + y * valid[0];
                for (int x = 0; x < w; x++) c.next().setInteger(values[row + x]);
            }
        }

        private void writeFloats(RandomAccessibleInterval<FloatType> target, Interval v, float[] values, int offset, int w, int h) {
            Cursor<FloatType> c = Views.flatIterable(Views.interval(target, v)).cursor();
            for (int y = 0; y < h; y++) {
                int row = offset + y * valid[0];
                for (int x = 0; x < w; x++) c.next().set(values[row + x]);
            }
        }

        /** Slice positions of slice number {@code slice}, dimension 2 varying fastest. */
        private long[] position(long slice) {
            long[] pos = new long[sliceDims.length];
            long rest = slice;
            for (int i = 0; i < pos.length; i++) {
                pos[i] = rest % sliceDims[i];
                rest /= sliceDims[i];
            }
            return pos;
        }

        /** The input channels of one slice: normalised over the whole slice, extended by mirroring. */
        private final class SliceInput {
            final RandomAccessible<T>[] extended;
            final NormalizationStatistics[] normalization;

            @SuppressWarnings("unchecked")
            SliceInput(long slice) {
                RandomAccessibleInterval<T> plane = slice2d(image, position(slice));
                extended = new RandomAccessible[channels];
                normalization = new NormalizationStatistics[channels];
                for (int c = 0; c < channels; c++) {
                    RandomAccessibleInterval<T> channel = hasChannels ? Views.hyperSlice(plane, 2, plane.min(2) + c) : plane;
                    normalization[c] = NormalizationStatistics.compute(spec.normalization(), channel, cancel);
                    extended[c] = Views.extendMirrorDouble(channel);
                }
            }
        }

        /** The outputs of one slice, in image coordinates. */
        private final class SliceOutput {
            final RandomAccessibleInterval<? extends IntegerType<?>> labels;
            final RandomAccessibleInterval<FloatType>[] probabilities;
            final RandomAccessibleInterval<FloatType> firstGate;
            final RandomAccessibleInterval<FloatType> lastGate;

            @SuppressWarnings("unchecked")
            SliceOutput(long slice) {
                long[] pos = position(slice);
                labels = toImageCoordinates(slice2d(outputs.labels(), pos));
                if (outputs.probabilities() != null) {
                    RandomAccessibleInterval<FloatType> p = slice2d(outputs.probabilities(), pos);
                    probabilities = new RandomAccessibleInterval[classes];
                    for (int k = 0; k < classes; k++) probabilities[k] = toImageCoordinates(Views.hyperSlice(p, 2, p.min(2) + k));
                } else {
                    probabilities = null;
                }
                if (outputs.attention() != null) {
                    RandomAccessibleInterval<FloatType> a = slice2d(outputs.attention(), pos);
                    firstGate = toImageCoordinates(Views.hyperSlice(a, 2, a.min(2)));
                    lastGate = toImageCoordinates(Views.hyperSlice(a, 2, a.min(2) + 1));
                } else {
                    firstGate = null;
                    lastGate = null;
                }
            }

            private <U> RandomAccessibleInterval<U> toImageCoordinates(RandomAccessibleInterval<U> view) {
                return Views.translate(view, image.min(0) - view.min(0), image.min(1) - view.min(1));
            }
        }

        /** Fixes dimensions 2 .. 2 + pos.length - 1 at offsets {@code pos} from their minimum. */
        private <U> RandomAccessibleInterval<U> slice2d(RandomAccessibleInterval<U> rai, long[] pos) {
            RandomAccessibleInterval<U> v = rai;
            for (int d = 2 + pos.length - 1; d >= 2; d--) v = Views.hyperSlice(v, d, v.min(d) + pos[d - 2]);
            return v;
        }
    }

    /** One sSE gate (n, 1, gh, gw) of whole tiles, read back to Java, repeated to input resolution on write. */
    private static final class Gate {
        private final float[] values;
        private final int gh;
        private final int gw;
        private final int cellH;
        private final int cellW;
        private final int halo;

        Gate(NDArray gate, int[] tile, int halo) {
            Shape s = gate.getShape();
            gh = (int) s.get(2);
            gw = (int) s.get(3);
            if (s.get(1) != 1 || tile[1] % gh != 0 || tile[0] % gw != 0) {
                throw new IllegalStateException("An sSE gate of shape " + s + " does not evenly cover a tile of " + tile[0] + " x " + tile[1]);
            }
            cellH = tile[1] / gh;
            cellW = tile[0] / gw;
            this.halo = halo;
            values = gate.toType(DataType.FLOAT32, false).toFloatArray();
        }

        /** Writes item {@code item}'s gate over the valid centre {@code v} (w x h pixels). */
        void write(RandomAccessibleInterval<FloatType> target, Interval v, int item, int w, int h) {
            Cursor<FloatType> c = Views.flatIterable(Views.interval(target, v)).cursor();
            for (int y = 0; y < h; y++) {
                int row = (item * gh + (halo + y) / cellH) * gw;
                for (int x = 0; x < w; x++) c.next().set(values[row + (halo + x) / cellW]);
            }
        }
    }

    /** What one forward produced for its batch, over the valid centres (valid[1] x valid[0] per item). */
    private static final class Result {
        /** Views of the call's {@link TileBuffers}: valid until the next forward's result. */
        int[] labels;
        float[] probabilities;
        /** Per pixel the highest class probability. */
        float[] confidence;
        Gate first;
        Gate last;
    }
}
