package org.scsefiji.bioimageio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SegmentationNetwork;

/**
 * A bioimage.io package's network behind scSE-Fiji's network contract, so that the segmenter tiles, normalises
 * and writes its outputs as for its own networks: input (N, C, H, W) after the spec's normalisation, output
 * (N, classes, H, W) logits. Inside, the input is padded (zeros, bottom and right) to a size the package
 * allows, laid out in the package's axis order, run, and the output turned into logits: probabilities become
 * their logarithm (softmax gives them back, arg-max is unchanged), one foreground channel becomes
 * background/foreground. The graph squeezes channels (cSE) over each tile it sees; the segmenter's whole-slice
 * squeeze statistics cannot reach inside it, so tiled results can differ slightly from a single tile.
 */
final class ImportedNetwork extends SegmentationNetwork implements AutoCloseable {
    /** Probabilities are floored here before the logarithm, so that no class gets minus infinity. */
    private static final float SMALLEST = 1e-30f;

    private final PackageSpec pkg;
    private final Graph graph;

    ImportedNetwork(NetworkSpec spec, PackageSpec pkg, Graph graph) {
        super(spec, (byte) 1);
        this.pkg = pkg;
        this.graph = graph;
    }

    @Override
    public int sizeMultiple() {
        return pkg.wholeSlice || pkg.step == 0 ? 1 : pkg.step;
    }

    @Override
    public int receptiveRadius() {
        return pkg.wholeSlice ? 0 : pkg.halo;
    }

    @Override
    public int largestTile() {
        return pkg.step == 0 && !pkg.wholeSlice ? pkg.minSize : 0;
    }

    @Override
    public boolean segmentsWholeSlices() {
        return pkg.wholeSlice;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "bioimage.io package '%s', %s weights, %d input channel%s, %d classes, input %s, halo %d, %s%s",
                pkg.name, graph.format(), pkg.inputChannels, pkg.inputChannels == 1 ? "" : "s", spec().classCount(),
                pkg.step == 0 ? pkg.minSize + " x " + pkg.minSize : pkg.minSize + " + k * " + pkg.step, pkg.halo, spec().normalization(),
                pkg.wholeSlice ? ", whole slices (scSE-Fiji whole-slice export)" : perTileSqueeze());
    }

    /**
     * A graph averages its cSE squeezes over the tile it is given: said where it matters, for a package of a
     * scSE-Fiji network with channel squeezes (a foreign graph's structure is unknown).
     */
    private String perTileSqueeze() {
        if (pkg.scseSpec == null) return "";
        SeBlockType se = spec().seBlock();
        if (se != SeBlockType.CSE && se != SeBlockType.SCSE) return "";
        return "; its cSE statistics are taken per tile with its margins, not over the whole slice as with the .scse model,"
                + " so labels can differ slightly (export with whole_slice for exact results)";
    }

    /**
     * The input side the package accepts for {@code size} pixels: at least min, min + k * step. A whole-slice
     * graph takes the slice as it is: it extends the slice itself, and padding would change what it squeezes over.
     */
    long allowed(long size) {
        if (pkg.wholeSlice) return size;
        if (pkg.step == 0) {
            if (size > pkg.minSize) {
                throw new IllegalArgumentException("An input of " + size + " pixels is larger than the " + pkg.minSize
                        + " pixels this package's model takes");
            }
            return pkg.minSize;
        }
        if (size <= pkg.minSize) return pkg.minSize;
        return pkg.minSize + (size - pkg.minSize + pkg.step - 1) / pkg.step * pkg.step;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        if (s.get(1) != pkg.inputChannels) {
            throw new IllegalArgumentException("The package's model takes " + pkg.inputChannels + " channels, got " + s.get(1));
        }
        x = pad(x.toType(DataType.FLOAT32, false), allowed(h), allowed(w));
        List<NDArray> items = new ArrayList<>();
        if (pkg.batched) {
            items.add(run(x));
        } else {
            for (long i = 0; i < n; i++) items.add(run(x.get(new NDIndex("{}:{}", i, i + 1))));
        }
        NDArray y = items.size() == 1 ? items.get(0) : NDArrays.concat(new NDList(items), 0);
        if (y.getShape().get(2) != x.getShape().get(2) || y.getShape().get(3) != x.getShape().get(3)) {
            throw new IllegalStateException("The package's model returned " + y.getShape() + " for an input of " + x.getShape()
                    + "; scSE-Fiji imports models whose output has the input's height and width");
        }
        y = y.get(new NDIndex(":, :, 0:{}, 0:{}", h, w));
        return new NDList(logits(y));
    }

    /** Zero-pads (N, C, H, W) bottom and right to ph x pw. */
    private static NDArray pad(NDArray x, long ph, long pw) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        if (ph > s.get(2)) x = x.concat(m.zeros(new Shape(s.get(0), s.get(1), ph - s.get(2), s.get(3)), x.getDataType()), 2);
        if (pw > s.get(3)) x = x.concat(m.zeros(new Shape(s.get(0), s.get(1), ph, pw - s.get(3)), x.getDataType()), 3);
        return x;
    }

    /** One call of the graph: (N, C, H, W) to the package's input layout and its output back to (N, K, H, W). */
    private NDArray run(NDArray x) {
        NDArray in = toLayout(x, pkg.inputAxes, "input");
        NDArray out = graph.run(in);
        if (out.getShape().dimension() != pkg.outputAxes.size()) {
            throw new IllegalStateException("The package's model returned shape " + out.getShape() + ", but its rdf.yaml declares the"
                    + " output axes " + pkg.outputAxes);
        }
        return fromLayout(out.toType(DataType.FLOAT32, false), pkg.outputAxes);
    }

    /** (N, C, H, W) to the given order of b, c, y, x; absent b and c axes dropped (they must have size 1). */
    private static NDArray toLayout(NDArray x, List<Character> axes, String what) {
        List<Character> current = new ArrayList<>(List.of('b', 'c', 'y', 'x'));
        for (char c : new char[] {'c', 'b'}) {
            if (!axes.contains(c)) {
                int d = current.indexOf(c);
                if (x.getShape().get(d) != 1) throw new IllegalStateException("The package's " + what + " has no '" + c + "' axis, but size " + x.getShape().get(d));
                x = x.squeeze(d);
                current.remove(d);
            }
        }
        int[] perm = new int[axes.size()];
        for (int i = 0; i < perm.length; i++) perm[i] = current.indexOf(axes.get(i));
        return x.transpose(perm);
    }

    /** A tensor in the given order of b, c, y, x to (N, K, H, W), absent b and c axes added. */
    private static NDArray fromLayout(NDArray y, List<Character> axes) {
        List<Character> current = new ArrayList<>(axes);
        for (char c : new char[] {'b', 'c'}) {
            if (!current.contains(c)) {
                y = y.expandDims(0);
                current.add(0, c);
            }
        }
        List<Character> target = List.of('b', 'c', 'y', 'x');
        int[] perm = new int[4];
        for (int i = 0; i < 4; i++) perm[i] = current.indexOf(target.get(i));
        return y.transpose(perm);
    }

    /**
     * Logits whose softmax is the model's class probabilities. Probabilities (declared range [0, 1], or values
     * within it when the package declares none) become their logarithm; other values are taken as logits.
     */
    private NDArray logits(NDArray y) {
        boolean probabilities;
        if (pkg.outputRange != null) {
            probabilities = pkg.outputRange[0] >= 0 && pkg.outputRange[1] <= 1;
        } else {
            probabilities = y.min().getFloat() >= 0 && y.max().getFloat() <= 1;
        }
        if (pkg.outputChannels == 1) {
            if (probabilities) return y.neg().add(1).maximum(SMALLEST).log().concat(y.maximum(SMALLEST).log(), 1);
            return y.zerosLike().concat(y, 1);
        }
        return probabilities ? y.maximum(SMALLEST).log() : y;
    }

    @Override
    public void close() {
        graph.close();
    }
}
