package org.scsefiji.infer;

import java.util.Arrays;
import java.util.Locale;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgFactory;
import net.imglib2.img.cell.CellImgFactory;
import net.imglib2.type.numeric.IntegerType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;
import org.scsefiji.model.ImageAxes;
import org.scsefiji.model.InstancePostProcessing;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.PixelSize;
import org.scsefiji.model.PostProcessing;
import org.scsefiji.model.RetinaAnatomy;
import org.scsefiji.model.ScseModel;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.ProgressListener;

/**
 * A model's whole segmentation around a {@link Segmenter} (whose tiling stays exact, as it sees one
 * whole image): <ol>
 *   <li>when the image's pixel size is known and differs from the one the model was trained at, the
 *       image is resampled to the model's pixel size (linear, area-averaged where it shrinks);</li>
 *   <li>the network's class probabilities, optionally averaged with those of the left-right mirrored
 *       image, of the upside-down image, or of all four flips (test-time flip averaging: each flipped
 *       image is segmented whole, so tiling stays exact, and its probabilities flipped back);</li>
 *   <li>the probabilities resampled back linearly to the image's own size, labels their argmax (so
 *       boundaries stay smooth, unlike nearest-neighbour labels);</li>
 *   <li>the post-processing the model declares ({@link RetinaAnatomy}: per A-scan the most probable
 *       anatomically ordered labelling), and the {@link Plausibility} figures.</li>
 * </ol>
 * With matching (or unknown) pixel sizes, no flip averaging and no post-processing the labels are
 * exactly the plain segmenter's. The probabilities returned are the raw network output (after steps
 * 1-3), before post-processing.
 *
 * <p>Memory: when only labels are asked for and none of resampling, flip averaging and an anatomy
 * model applies, each tile's probabilities go straight to labels (and to the mean confidence) and no
 * whole-image probabilities exist, so memory beyond the tiles' is the label image. Otherwise the
 * probabilities of the whole image are held (4 bytes per pixel and class; flip averaging twice: the sum
 * and the pass being added), and
 * per slice a float copy of them, since those steps need every pixel of a slice (resampling and
 * flipping mix neighbours across tiles; the anatomy repair works on whole A-scans).
 */
public final class SegmentationPipeline {
    /** Resampling factors beyond this (either way) are refused as a probable unit mistake. */
    static final double MAX_FACTOR = 32;

    private final Segmenter segmenter;
    private final NetworkSpec spec;
    private PixelSize modelPixelSize;
    /** Network pixels per image pixel from the objects' diameter ({@link #objectDiameter}); 1 = as the image is. */
    private double objectZoom = 1;
    private boolean flipAverage;
    private boolean flipVertical;
    private PostProcessing postprocessing;

    /** The model's segmentation with the given tiling; pixel size and post-processing from its spec. */
    public SegmentationPipeline(Segmenter segmenter, NetworkSpec spec) {
        this.segmenter = segmenter;
        this.spec = spec;
        this.modelPixelSize = spec.pixelSize();
        this.postprocessing = spec.postProcessing();
    }

    public SegmentationPipeline(ScseModel model) {
        this(new Segmenter(model), model.spec());
    }

    /** The pixel size images are resampled to; default the spec's (null = never resample). */
    public SegmentationPipeline modelPixelSize(PixelSize size) {
        this.modelPixelSize = size;
        return this;
    }

    public PixelSize modelPixelSize() {
        return modelPixelSize;
    }

    /**
     * The typical diameter, in pixels, of the objects in the images to segment; 0 = as trained (no rescaling).
     * The images are then rescaled so that their objects have the diameter of the model's training objects,
     * which its instance post-processing declares, and the results are mapped back to the image's pixels.
     *
     * @throws IllegalArgumentException if the model declares no training object diameter, or the factor is beyond 32
     */
    public SegmentationPipeline objectDiameter(double pixels) {
        if (!(pixels >= 0 && pixels < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("object_diameter must be >= 0 pixels (0 = as trained), got " + pixels);
        }
        if (pixels == 0) {
            objectZoom = 1;
            return this;
        }
        PostProcessing declared = spec.postProcessing();
        double trained = declared instanceof InstancePostProcessing ? ((InstancePostProcessing) declared).objectDiameter() : 0;
        if (trained <= 0) {
            throw new IllegalArgumentException("object_diameter needs a model that declares the diameter of its training objects"
                    + " (such as nuclei); this model does not: leave object_diameter at 0");
        }
        double zoom = trained / pixels;
        if (zoom > MAX_FACTOR || zoom < 1 / MAX_FACTOR) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "object_diameter %s px differs from the %s px the model was"
                    + " trained on by more than a factor of %d", pixels, trained, (int) MAX_FACTOR));
        }
        objectZoom = zoom;
        return this;
    }

    /** Network pixels per image pixel that {@link #objectDiameter} asks for (1 without it). */
    public double objectZoom() {
        return objectZoom;
    }

    /** Average the probabilities of the image and its left-right mirror (two forwards per image). */
    public SegmentationPipeline flipAverage(boolean on) {
        this.flipAverage = on;
        return this;
    }

    /**
     * Average the probabilities of the image and its upside-down flip (two forwards per image); with
     * {@link #flipAverage} all four flips (four forwards). For images without an up and down (nuclei), not OCT.
     */
    public SegmentationPipeline flipVertical(boolean on) {
        this.flipVertical = on;
        return this;
    }

    /** Forward passes per image: 1, 2 or 4 with flip averaging. */
    public int passes() {
        return (flipAverage ? 2 : 1) * (flipVertical ? 2 : 1);
    }

    /** The post-processing to apply; default the spec's; null = none (raw argmax labels). */
    public SegmentationPipeline postprocessing(PostProcessing step) {
        if (step != null) step.check(spec.classes());
        this.postprocessing = step;
        return this;
    }

    public PostProcessing postprocessing() {
        return postprocessing;
    }

    /** What one image gave: its outputs (at the image's size) and how plausible they look. */
    public static final class Result {
        private final SegmentationOutputs outputs;
        private final Plausibility plausibility;
        private final long[] networkSize;

        Result(SegmentationOutputs outputs, Plausibility plausibility, long[] networkSize) {
            this.outputs = outputs;
            this.plausibility = plausibility;
            this.networkSize = networkSize;
        }

        public SegmentationOutputs outputs() {
            return outputs;
        }

        public Plausibility plausibility() {
            return plausibility;
        }

        /** Width and height of the slices the network saw (the image's own unless resampled). */
        public long[] networkSize() {
            return networkSize.clone();
        }

        public boolean resampled() {
            long[] d = outputs.labels().dimensionsAsLongArray();
            return d[0] != networkSize[0] || d[1] != networkSize[1];
        }

        /**
         * The instance rule {@code p}, whose pixel parameters are the network's, for these outputs at the image's
         * size: scaled by the zoom the network saw the image at (the geometric mean of width and height).
         */
        public InstancePostProcessing atImageScale(InstancePostProcessing p) {
            long[] d = outputs.labels().dimensionsAsLongArray();
            return p.atZoom(Math.sqrt((double) networkSize[0] / d[0] * networkSize[1] / d[1]));
        }
    }

    /**
     * The slice size the network sees for a width x height image of {@code imagePixelSize}: the same
     * physical extent at the model's pixel size (the image's own size when either is unknown), zoomed by
     * {@link #objectZoom()}.
     *
     * @throws IllegalArgumentException for a factor beyond 32 either way (probably a unit mistake)
     */
    public long[] networkSize(long width, long height, PixelSize imagePixelSize) {
        boolean physical = imagePixelSize != null && modelPixelSize != null;
        if (!physical && objectZoom == 1) return new long[] {width, height};
        double fx = (physical ? imagePixelSize.width() / modelPixelSize.width() : 1) * objectZoom;
        double fy = (physical ? imagePixelSize.depth() / modelPixelSize.depth() : 1) * objectZoom;
        for (double f : new double[] {fx, fy}) {
            if (f > MAX_FACTOR || f < 1 / MAX_FACTOR) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "The image's pixels (%s) and the model's (%s) differ by a"
                        + " factor of %.3g; give pixel_width and pixel_depth in micrometres", imagePixelSize, modelPixelSize, f));
            }
        }
        return new long[] {Math.max(1, Math.round(width * fx)), Math.max(1, Math.round(height * fy))};
    }

    /**
     * Segments {@code image} (see {@link Segmenter#segment}) whose pixels are {@code imagePixelSize}
     * (null = unknown: resampled only for {@link #objectDiameter}).
     *
     * @throws IllegalArgumentException if the image does not fit the model
     * @throws org.scsefiji.task.CancelledException if cancelled
     */
    public <T extends RealType<T>> Result segment(RandomAccessibleInterval<T> image, ImageAxes axes, PixelSize imagePixelSize,
            boolean probabilities, boolean attention, ProgressListener progress, CancelToken cancel) {
        return segment(image, axes, imagePixelSize, null, probabilities, attention, progress, cancel);
    }

    /** The model's class count: label targets must hold values up to one less. */
    public int classCount() {
        return spec.classCount();
    }

    /**
     * As above, writing the labels into the caller's {@code labelTarget} (the image's dimensions without its
     * channel axis, zero-min; null = a new image), so that they exist once, in the image that is shown
     * or saved.
     */
    public <T extends RealType<T>> Result segment(RandomAccessibleInterval<T> image, ImageAxes axes, PixelSize imagePixelSize,
            RandomAccessibleInterval<? extends IntegerType<?>> labelTarget, boolean probabilities, boolean attention,
            ProgressListener progress, CancelToken cancel) {
        ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
        CancelToken token = cancel == null ? new CancelToken() : cancel;
        if (image.numDimensions() != axes.dimensions()) {
            throw new IllegalArgumentException("The image has " + image.numDimensions() + " dimensions, but its axes describe " + axes.dimensions());
        }
        if (postprocessing instanceof PostProcessing.UnknownPostProcessing) {
            throw new IllegalArgumentException("The model declares the post-processing '" + postprocessing.type() + "', which this"
                    + " version of scSE-Fiji does not know: update scSE-Fiji, or segment with postprocessing=none");
        }
        long w = image.dimension(0);
        long h = image.dimension(1);
        long[] net = networkSize(w, h, imagePixelSize);
        boolean resample = net[0] != w || net[1] != h;
        if (resample && (w * h > Integer.MAX_VALUE / 2 || net[0] * net[1] > Integer.MAX_VALUE / 2)) {
            throw new IllegalArgumentException("Slices of " + w + " x " + h + " pixels are too large to resample in one piece");
        }
        RetinaAnatomy anatomy = postprocessing instanceof RetinaAnatomy ? (RetinaAnatomy) postprocessing : null;
        // the plausibility figures measure the anatomy the model declares even when its repair is switched off
        RetinaAnatomy check = anatomy != null ? anatomy : spec.postProcessing() instanceof RetinaAnatomy ? (RetinaAnatomy) spec.postProcessing() : null;

        RandomAccessibleInterval<FloatType> resampled = resample ? resampleInput(image, axes, (int) net[0], (int) net[1], token) : null;
        ImageAxes inputAxes = resample ? (axes.hasChannelAxis() ? new ImageAxes(axes.dimensions(), axes.dimensions() - 1) : axes) : axes;
        // Whole-slice probabilities only for the steps that need them; plain labels go from each tile's
        // probabilities straight to labels, so memory does not grow with the image beyond the labels.
        int passes = passes();
        boolean wholeProbabilities = probabilities || resample || passes > 1 || check != null;
        double share = 0.9 / passes;
        SegmentationOutputs first = resample
                ? segmentWithFlips(resampled, inputAxes, null, wholeProbabilities, attention, share, listener, token)
                : segmentWithFlips(image, inputAxes, labelTarget, wholeProbabilities, attention, share, listener, token);
        listener.progress(0.9, "Post-processing");

        long[] labelDims = first.labels().dimensionsAsLongArray();
        labelDims[0] = w;
        labelDims[1] = h;
        int classes = spec.classCount();
        SegmentationOutputs out;
        if (resample) {
            out = labelTarget == null ? SegmentationOutputs.allocate(new net.imglib2.FinalDimensions(labelDims), classes, probabilities, attention)
                    : SegmentationOutputs.allocate(labelTarget, classes, probabilities, attention);
        } else {
            out = SegmentationOutputs.labels(first.labels());
            if (probabilities) out = out.withProbabilities(first.probabilities());
            if (attention) out = out.withAttention(first.attention());
        }
        long slices = 1;
        for (int d = 2; d < labelDims.length; d++) slices = Math.multiplyExact(slices, labelDims[d]);
        // The network's own probabilities: the segmenter measured their confidence tile by tile.
        boolean transformed = resample || passes > 1;
        double confidence = transformed ? 0 : first.confidenceSum();
        if (!transformed && check == null) { // the segmenter's labels (and probabilities, if asked for) are the result
            listener.progress(1, "Segmentation done");
            return new Result(out, new Plausibility(confidence, slices * w * h, slices * w, 0, 0, null), net);
        }
        AnatomyRepair repair = check == null ? null : new AnatomyRepair(check);
        int nw = (int) net[0], nh = (int) net[1], iw = (int) w, ih = (int) h;
        long broken = 0, repaired = 0;
        for (long s = 0; s < slices; s++) {
            token.check();
            long[] pos = position(s, labelDims);
            float[][] p = readClasses(slice(first.probabilities(), pos), classes);
            if (passes > 1) {
                float mean = 1f / passes;
                for (float[] plane : p) for (int i = 0; i < plane.length; i++) plane[i] *= mean;
            }
            if (resample) {
                for (int c = 0; c < classes; c++) p[c] = PlaneResampling.resample(p[c], nw, nh, iw, ih);
                if (attention) {
                    RandomAccessibleInterval<FloatType> a = slice(first.attention(), pos);
                    RandomAccessibleInterval<FloatType> b = slice(out.attention(), pos);
                    for (int g = 0; g < 2; g++) {
                        float[] plane = PlaneResampling.resample(read(Views.hyperSlice(a, 2, a.min(2) + g)), nw, nh, iw, ih);
                        write(Views.hyperSlice(b, 2, b.min(2) + g), plane);
                    }
                }
            }
            int[] labels = transformed ? argmax(p) : readLabels(slice(first.labels(), pos));
            if (transformed) for (int i = 0; i < labels.length; i++) confidence += p[labels[i]][i];
            if (repair != null) {
                for (int x = 0; x < iw; x++) if (!repair.isValid(labels, x, iw, ih)) broken++;
                int[] fixed = new int[labels.length];
                repair.repair(p, iw, ih, fixed);
                for (int i = 0; i < labels.length; i++) if (fixed[i] != labels[i]) repaired++;
                if (anatomy != null) labels = fixed;
            }
            if (transformed || anatomy != null) writeLabels(slice(out.labels(), pos), labels);
            if (probabilities && transformed) {
                RandomAccessibleInterval<FloatType> target = slice(out.probabilities(), pos);
                for (int c = 0; c < classes; c++) write(Views.hyperSlice(target, 2, target.min(2) + c), p[c]);
            }
        }
        listener.progress(1, "Segmentation done");
        Plausibility plausibility = new Plausibility(confidence, slices * w * h, slices * w, broken, repaired, check);
        return new Result(out, plausibility, net);
    }

    private static final String[] FLIP_NAMES = {"", "mirrored", "upside down", "mirrored upside down"};

    /**
     * The first pass (into {@code labelTarget} if given) plus each flipped pass asked for, whose probabilities,
     * flipped back, are added to the first pass's (scaled to the mean by the caller).
     */
    private <U extends RealType<U>> SegmentationOutputs segmentWithFlips(RandomAccessibleInterval<U> input, ImageAxes axes,
            RandomAccessibleInterval<? extends IntegerType<?>> labelTarget, boolean wholeProbabilities, boolean attention,
            double share, ProgressListener listener, CancelToken token) {
        SegmentationOutputs first;
        if (labelTarget == null) {
            first = segmenter.segment(input, axes, wholeProbabilities, attention, part(listener, 0, share, ""), token);
        } else {
            first = SegmentationOutputs.allocate(labelTarget, classCount(), wholeProbabilities, attention);
            segmenter.segment(input, axes, first, part(listener, 0, share, ""), token);
        }
        int pass = 1;
        for (int flip = 1; flip < 4; flip++) {
            boolean leftRight = (flip & 1) != 0;
            boolean upDown = (flip & 2) != 0;
            if (leftRight && !flipAverage || upDown && !flipVertical) continue;
            ProgressListener p = part(listener, pass * share, (pass + 1) * share, FLIP_NAMES[flip] + ": ");
            SegmentationOutputs flipped = segmenter.segment(flip(input, leftRight, upDown), axes, true, false, p, token);
            add(first.probabilities(), flip(flipped.probabilities(), leftRight, upDown), token);
            pass++;
        }
        return first;
    }

    /** x (dimension 0) and/or y (dimension 1) reversed, its origin at 0 ({@link #add} pairs pixels by order, not position). */
    private static <U> RandomAccessibleInterval<U> flip(RandomAccessibleInterval<U> rai, boolean leftRight, boolean upDown) {
        RandomAccessibleInterval<U> v = rai;
        if (leftRight) v = Views.zeroMin(Views.invertAxis(v, 0));
        if (upDown) v = Views.zeroMin(Views.invertAxis(v, 1));
        return v;
    }

    /** sum += more, pixel by pixel (same dimensions). */
    private static void add(RandomAccessibleInterval<FloatType> sum, RandomAccessibleInterval<FloatType> more, CancelToken cancel) {
        cancel.check();
        Cursor<FloatType> s = Views.flatIterable(sum).cursor();
        Cursor<FloatType> m = Views.flatIterable(more).cursor();
        while (s.hasNext()) {
            FloatType v = s.next();
            v.set(v.get() + m.next().get());
        }
    }

    private static ProgressListener part(ProgressListener p, double from, double to, String prefix) {
        return (f, m) -> p.progress(from + (to - from) * f, prefix + m);
    }

    /** The image at nw x nh per slice and channel, as floats, channel axis (if any) moved last. */
    private static <T extends RealType<T>> RandomAccessibleInterval<FloatType> resampleInput(RandomAccessibleInterval<T> image,
            ImageAxes axes, int nw, int nh, CancelToken cancel) {
        RandomAccessibleInterval<T> src = axes.hasChannelAxis() ? Views.moveAxis(image, axes.channelAxis(), image.numDimensions() - 1) : image;
        long[] dims = src.dimensionsAsLongArray();
        long[] target = dims.clone();
        target[0] = nw;
        target[1] = nh;
        Img<FloatType> out = create(target);
        int w = (int) dims[0], h = (int) dims[1];
        long planes = 1;
        for (int d = 2; d < dims.length; d++) planes = Math.multiplyExact(planes, dims[d]);
        for (long s = 0; s < planes; s++) {
            cancel.check();
            long[] pos = position(s, dims);
            float[] plane = new float[w * h];
            int i = 0;
            for (T v : Views.flatIterable(slice(src, pos))) plane[i++] = v.getRealFloat();
            write(slice(out, pos), PlaneResampling.resample(plane, w, h, nw, nh));
        }
        return out;
    }

    private static Img<FloatType> create(long[] dims) {
        long n = Arrays.stream(dims).reduce(1, Math::multiplyExact);
        if (!SegmentationOutputs.needsCells(n)) return new ArrayImgFactory<>(new FloatType()).create(dims);
        int[] cell = new int[dims.length];
        Arrays.fill(cell, 1);
        cell[0] = (int) dims[0];
        cell[1] = (int) dims[1];
        return new CellImgFactory<>(new FloatType(), cell).create(dims);
    }

    /** Positions along dimensions 2.. of slice number {@code slice}, dimension 2 fastest. */
    private static long[] position(long slice, long[] dims) {
        long[] pos = new long[Math.max(0, dims.length - 2)];
        long rest = slice;
        for (int i = 0; i < pos.length; i++) {
            pos[i] = rest % dims[2 + i];
            rest /= dims[2 + i];
        }
        return pos;
    }

    /** Fixes dimensions 2 .. 2 + pos.length - 1 (further dimensions, e.g. classes, stay). */
    private static <U> RandomAccessibleInterval<U> slice(RandomAccessibleInterval<U> rai, long[] pos) {
        RandomAccessibleInterval<U> v = rai;
        for (int d = 2 + pos.length - 1; d >= 2; d--) v = Views.hyperSlice(v, d, v.min(d) + pos[d - 2]);
        return v;
    }

    private static float[][] readClasses(RandomAccessibleInterval<FloatType> probabilities, int classes) {
        float[][] p = new float[classes][];
        for (int c = 0; c < classes; c++) p[c] = read(Views.hyperSlice(probabilities, 2, probabilities.min(2) + c));
        return p;
    }

    private static float[] read(RandomAccessibleInterval<FloatType> plane) {
        float[] v = new float[(int) (plane.dimension(0) * plane.dimension(1))];
        int i = 0;
        for (FloatType t : Views.flatIterable(plane)) v[i++] = t.get();
        return v;
    }

    private static void write(RandomAccessibleInterval<FloatType> plane, float[] values) {
        Cursor<FloatType> c = Views.flatIterable(plane).cursor();
        for (float v : values) c.next().set(v);
    }

    private static int[] readLabels(RandomAccessibleInterval<? extends IntegerType<?>> plane) {
        int[] v = new int[(int) (plane.dimension(0) * plane.dimension(1))];
        int i = 0;
        for (IntegerType<?> t : Views.flatIterable(plane)) v[i++] = t.getInteger();
        return v;
    }

    private static void writeLabels(RandomAccessibleInterval<? extends IntegerType<?>> plane, int[] labels) {
        Cursor<? extends IntegerType<?>> c = Views.flatIterable(plane).cursor();
        for (int l : labels) c.next().setInteger(l);
    }

    /** Per pixel the class of highest probability (the first on ties). */
    static int[] argmax(float[][] p) {
        int[] labels = new int[p[0].length];
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            float max = p[0][i];
            for (int c = 1; c < p.length; c++) {
                if (p[c][i] > max) {
                    max = p[c][i];
                    best = c;
                }
            }
            labels[i] = best;
        }
        return labels;
    }
}
