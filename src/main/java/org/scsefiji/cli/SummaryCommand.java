package org.scsefiji.cli;

import ai.djl.Device;
import java.io.PrintStream;
import java.util.Locale;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.NetworkSummary;
import org.scsefiji.nn.SeBlockType;

/** {@code summary}: the layer table, parameter count and SE cost of a network configuration. */
final class SummaryCommand implements Subcommand {
    @Override
    public String name() {
        return "summary";
    }

    @Override
    public String description() {
        return "print the layers, parameters and SE weights of a network";
    }

    @Override
    public String usage() {
        return Flags.usage(SpecOptions.OPERATION);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        NetworkSpec spec = build(Flags.parse(SpecOptions.OPERATION, args, 1));
        NetworkSummary summary = summarize(spec);
        long base = spec.seBlock() == SeBlockType.NONE ? summary.totalParameters()
                : summarize(spec.toBuilder().seBlock(SeBlockType.NONE).build()).totalParameters();
        out.println(spec);
        out.print(summary.table());
        double increase = 100.0 * summary.seWeights() / base;
        out.printf(Locale.ROOT, "SE blocks: %d, SE weights added (biases not counted): %d, parameters without SE: %d%n",
                summary.seBlockCount(), summary.seWeights(), base);
        out.printf(Locale.ROOT, "se_weights=%d total_params=%d increase_percent=%.2f%n",
                summary.seWeights(), summary.totalParameters(), increase);
        return 0;
    }

    private static NetworkSpec build(java.util.Map<String, String> given) {
        try {
            return SpecOptions.parse(given).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static NetworkSummary summarize(NetworkSpec spec) {
        try (ScseModel model = ScseModel.create(spec, new Provenance(), Device.cpu())) {
            return NetworkSummary.of(model.network());
        }
    }
}
