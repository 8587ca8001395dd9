package org.scsefiji.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.scsefiji.nn.se.SeBlocks;

/**
 * The layer table and parameter counts of an initialised network, with the weights its SE blocks
 * add counted as in TMI II-E (biases not counted: cSE 2C^2/r, sSE C per block).
 */
public final class NetworkSummary {
    /** One top-level stage of the network. */
    public static final class Row {
        public final String name;
        public final String kind;
        public final String outputShape;
        public final long parameters;
        public final long seWeights;

        Row(String name, String kind, String outputShape, long parameters, long seWeights) {
            this.name = name;
            this.kind = kind;
            this.outputShape = outputShape;
            this.parameters = parameters;
            this.seWeights = seWeights;
        }
    }

    private final List<Row> rows;
    private final long totalParameters;
    private final long seWeights;
    private final int seBlocks;

    private NetworkSummary(List<Row> rows, long totalParameters, long seWeights, int seBlocks) {
        this.rows = rows;
        this.totalParameters = totalParameters;
        this.seWeights = seWeights;
        this.seBlocks = seBlocks;
    }

    /** Summarises an initialised network. */
    public static NetworkSummary of(SegmentationNetwork net) {
        List<Row> rows = new ArrayList<>();
        long total = 0;
        long se = 0;
        int[] seCount = {0};
        for (Pair<String, Block> child : net.getChildren()) {
            Block b = child.getValue();
            long p = trainableParameters(b);
            long s = seWeights(b, seCount);
            rows.add(new Row(child.getKey().replaceFirst("^\\d+", ""), b.getClass().getSimpleName(), outputShape(b), p, s));
            total += p;
            se += s;
        }
        total += directTrainable(net);
        return new NetworkSummary(rows, total, se, seCount[0]);
    }

    private static String outputShape(Block b) {
        try {
            Shape[] in = b.getInputShapes();
            return in == null ? "?" : b.getOutputShapes(in)[0].toString();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Learned parameters; batch-norm running statistics are state, not parameters. */
    static long trainableParameters(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (isTrainable(p.getValue())) n += p.getValue().getArray().size();
        }
        return n;
    }

    private static long directTrainable(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getDirectParameters()) {
            if (isTrainable(p.getValue())) n += p.getValue().getArray().size();
        }
        return n;
    }

    private static boolean isTrainable(Parameter p) {
        return p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR;
    }

    private static long seWeights(Block b, int[] seCount) {
        if (SeBlocks.isSeBlock(b)) {
            seCount[0]++;
            long n = 0;
            for (Pair<String, Parameter> p : b.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.WEIGHT) n += p.getValue().getArray().size();
            }
            return n;
        }
        long n = 0;
        for (Pair<String, Block> c : b.getChildren()) n += seWeights(c.getValue(), seCount);
        return n;
    }

    public List<Row> rows() {
        return rows;
    }

    public long totalParameters() {
        return totalParameters;
    }

    /** Weights (not biases) of all SE blocks. */
    public long seWeights() {
        return seWeights;
    }

    public int seBlockCount() {
        return seBlocks;
    }

    /** The table as text, one stage per line. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-18s %-24s %-22s %12s %10s%n", "layer", "kind", "output", "parameters", "se_weights"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-18s %-24s %-22s %12d %10d%n", r.name, r.kind, r.outputShape, r.parameters, r.seWeights));
        }
        return sb.toString();
    }
}
