package org.scsefiji.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;

/**
 * Everything that describes a network: every layer reads it from here, none re-derives it.
 * Field names are the snake_case words of the model file, the CLI and the macros.
 */
public final class NetworkSpec {
    private final Architecture architecture;
    private final SeBlockType seBlock;
    private final Aggregation aggregation;
    private final List<Placement> positions;
    private final int reduction;
    private final SkipMode skip;
    private final int features;
    private final int inputChannels;
    private final List<ClassInfo> classes;
    private final Normalization normalization;
    private final PixelSize pixelSize;
    private final PostProcessing postProcessing;
    private final List<Double> logitOffsets;

    private NetworkSpec(Builder b) {
        this.architecture = b.architecture;
        this.seBlock = b.seBlock;
        this.aggregation = b.aggregation;
        this.positions = List.copyOf(b.positions);
        this.reduction = b.reduction;
        this.skip = b.skip;
        this.features = b.features;
        this.inputChannels = b.inputChannels;
        this.classes = List.copyOf(b.classes);
        this.normalization = b.normalization;
        this.pixelSize = b.pixelSize;
        this.postProcessing = b.postProcessing;
        this.logitOffsets = List.copyOf(b.logitOffsets);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.architecture = architecture;
        b.seBlock = seBlock;
        b.aggregation = aggregation;
        b.positions = new ArrayList<>(positions);
        b.reduction = reduction;
        b.skip = skip;
        b.features = features;
        b.inputChannels = inputChannels;
        b.classes = new ArrayList<>(classes);
        b.normalization = normalization;
        b.pixelSize = pixelSize;
        b.postProcessing = postProcessing;
        b.logitOffsets = logitOffsets;
        return b;
    }

    public Architecture architecture() {
        return architecture;
    }

    public SeBlockType seBlock() {
        return seBlock;
    }

    public Aggregation aggregation() {
        return aggregation;
    }

    public List<Placement> positions() {
        return positions;
    }

    /** The elementary sites P1-P4 that carry an SE block (empty when se_block is none). */
    public Set<Placement> seSites() {
        return seBlock == SeBlockType.NONE ? Collections.emptySet() : Placement.sites(positions);
    }

    public int reduction() {
        return reduction;
    }

    public SkipMode skip() {
        return skip;
    }

    /** Feature maps per block (64 in the paper; FocusNet++ uses its own widths scaled by features / 32). */
    public int features() {
        return features;
    }

    public int inputChannels() {
        return inputChannels;
    }

    public List<ClassInfo> classes() {
        return classes;
    }

    public int classCount() {
        return classes.size();
    }

    public Normalization normalization() {
        return normalization;
    }

    /** The pixel size the network was trained at (spec fields pixel_width, pixel_depth), or null when unknown. */
    public PixelSize pixelSize() {
        return pixelSize;
    }

    /** What the label image becomes after the network ({@link PostProcessing#NONE} when the model declares nothing). */
    public PostProcessing postProcessing() {
        return postProcessing;
    }

    /**
     * Per-class numbers added to the network's logits before the arg-max and the softmax of inference (spec field
     * logit_offsets; empty = none). Training with class weights w makes the network over-call rare classes (its
     * posteriors come out proportional to w times the true ones); offsets of -tau ln w undo part of that
     * ("logit adjustment", Menon et al., ICLR 2021) without retraining. Losses and gradients never see them.
     */
    public List<Double> logitOffsets() {
        return logitOffsets;
    }

    /** {@link #logitOffsets()} as the floats a tensor takes, or null when there are none. */
    public float[] logitOffsetFloats() {
        if (logitOffsets.isEmpty()) return null;
        float[] a = new float[logitOffsets.size()];
        for (int i = 0; i < a.length; i++) a[i] = logitOffsets.get(i).floatValue();
        return a;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NetworkSpec)) return false;
        NetworkSpec s = (NetworkSpec) o;
        return architecture == s.architecture && seBlock == s.seBlock && aggregation == s.aggregation
                && positions.equals(s.positions) && reduction == s.reduction && skip == s.skip
                && features == s.features && inputChannels == s.inputChannels && classes.equals(s.classes)
                && normalization.equals(s.normalization) && java.util.Objects.equals(pixelSize, s.pixelSize)
                && postProcessing.equals(s.postProcessing) && logitOffsets.equals(s.logitOffsets);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(architecture, seBlock, aggregation, positions, reduction, skip, features,
                inputChannels, classes, normalization, pixelSize, postProcessing, logitOffsets);
    }

    @Override
    public String toString() {
        return architecture.key() + " se_block=" + seBlock.key() + " aggregation=" + aggregation.key()
                + " positions=" + positions + " reduction=" + reduction + " skip=" + skip.key()
                + " features=" + features + " input_channels=" + inputChannels + " classes=" + classes.size()
                + (pixelSize == null ? "" : " pixel_width=" + pixelSize.width() + " pixel_depth=" + pixelSize.depth())
                + (postProcessing == PostProcessing.NONE ? "" : " postprocessing=" + postProcessing.type())
                + (logitOffsets.isEmpty() ? "" : " logit_offsets=" + logitOffsets);
    }

    /** Defaults are the paper's: scSE, max-out, P5, r = 2, skip from the recalibrated output, 64 features. */
    public static final class Builder {
        private Architecture architecture = Architecture.UNET;
        private SeBlockType seBlock = SeBlockType.SCSE;
        private Aggregation aggregation = Aggregation.MAX;
        private List<Placement> positions = new ArrayList<>(List.of(Placement.P5));
        private int reduction = 2;
        private SkipMode skip = SkipMode.RECALIBRATED;
        private int features = 64;
        private int inputChannels = 1;
        private List<ClassInfo> classes = ClassPalettes.generic(2);
        private Normalization normalization = Normalization.minMax();
        private PixelSize pixelSize;
        private PostProcessing postProcessing = PostProcessing.NONE;
        private List<Double> logitOffsets = List.of();

        public Builder architecture(Architecture v) {
            architecture = v;
            return this;
        }

        public Builder seBlock(SeBlockType v) {
            seBlock = v;
            return this;
        }

        public Builder aggregation(Aggregation v) {
            aggregation = v;
            return this;
        }

        public Builder positions(List<Placement> v) {
            positions = new ArrayList<>(v);
            return this;
        }

        public Builder reduction(int v) {
            reduction = v;
            return this;
        }

        public Builder skip(SkipMode v) {
            skip = v;
            return this;
        }

        public Builder features(int v) {
            features = v;
            return this;
        }

        public Builder inputChannels(int v) {
            inputChannels = v;
            return this;
        }

        public Builder classes(List<ClassInfo> v) {
            classes = new ArrayList<>(v);
            return this;
        }

        /** Generic class names and colours for {@code count} classes, class 0 = background. */
        public Builder classCount(int count) {
            classes = ClassPalettes.generic(count);
            return this;
        }

        public Builder normalization(Normalization v) {
            normalization = v;
            return this;
        }

        /** The pixel size of the training images; null = unknown (images are then never resampled). */
        public Builder pixelSize(PixelSize v) {
            pixelSize = v;
            return this;
        }

        /** Null means {@link PostProcessing#NONE}. */
        public Builder postProcessing(PostProcessing v) {
            postProcessing = v == null ? PostProcessing.NONE : v;
            return this;
        }

        /** Empty or null = none; else one finite number per class. */
        public Builder logitOffsets(List<Double> v) {
            logitOffsets = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        /** Checks every field and says in words what is wrong. */
        public NetworkSpec build() {
            if (architecture == null || seBlock == null || aggregation == null || skip == null || normalization == null) {
                throw new IllegalArgumentException("Network spec is incomplete: architecture, se_block, aggregation, skip and normalization are required");
            }
            if (positions == null || positions.isEmpty()) throw new IllegalArgumentException("positions must name at least one of P1..P6");
            if (reduction < 1) throw new IllegalArgumentException("reduction must be >= 1, got " + reduction);
            if (features < 4) throw new IllegalArgumentException("features must be >= 4, got " + features);
            if (reduction > features) throw new IllegalArgumentException("reduction " + reduction + " is larger than the " + features + " feature maps");
            if (inputChannels < 1) throw new IllegalArgumentException("input_channels must be >= 1, got " + inputChannels);
            if (classes == null || classes.size() < 2) throw new IllegalArgumentException("A network needs at least 2 classes");
            if (classes.size() > 65535) throw new IllegalArgumentException("At most 65535 classes are supported, got " + classes.size());
            for (int i = 0; i < classes.size(); i++) {
                if (classes.get(i).index() != i) {
                    throw new IllegalArgumentException("Classes must be numbered 0.." + (classes.size() - 1) + " in order; entry " + i + " has index " + classes.get(i).index());
                }
            }
            postProcessing.check(classes);
            if (!logitOffsets.isEmpty() && logitOffsets.size() != classes.size()) {
                throw new IllegalArgumentException("logit_offsets has " + logitOffsets.size() + " numbers for " + classes.size() + " classes");
            }
            for (double v : logitOffsets) {
                if (!Double.isFinite(v)) throw new IllegalArgumentException("logit_offsets must be finite numbers, got " + logitOffsets);
            }
            return new NetworkSpec(this);
        }
    }
}
