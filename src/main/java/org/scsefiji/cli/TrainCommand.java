package org.scsefiji.cli;

import java.io.PrintStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.scsefiji.train.SegmentationTrainer;
import org.scsefiji.train.TrainingConfig;
import org.scsefiji.train.TrainingEvent;
import org.scsefiji.train.TrainingResult;
import org.scsefiji.task.CancelToken;

/** {@code train}: a model file from folders of images and label images, or fine-tuned from a model. */
final class TrainCommand implements Subcommand {
    /** Short words of the command line for the option names of the model file. */
    private static final Map<String, String> ALIASES = Map.of("arch", "architecture", "se", "se_block", "out", "output",
            "from", "model");
    /** Options that are true or false: also accepted as bare flags (--resume). */
    private static final Set<String> BOOLEANS = Set.of("resume", "overwrite", "freeze_encoder", "flip", "keep_checkpoint",
            "instance_labels", "object_outlines");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String description() {
        return "train or fine-tune a model on folders of images and label images";
    }

    @Override
    public String usage() {
        StringBuilder sb = new StringBuilder();
        TrainingConfig.options().forEach((k, help) -> sb.append(String.format(Locale.ROOT, "  --%-20s %s%n", k.replace('_', '-'), help)));
        sb.append("  aliases: --arch = --architecture, --se = --se-block, --out = --output, --from = --model\n");
        return sb.toString();
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Set<String> valued = new HashSet<>(TrainingConfig.options().keySet());
        valued.removeAll(BOOLEANS);
        valued.addAll(ALIASES.keySet());
        Arguments a = new Arguments(args, 1, valued, BOOLEANS);
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : a.all().entrySet()) {
            String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
            if (options.put(key, e.getValue()) != null) throw new UsageException("Option --" + key + " is given twice (once by its alias)");
        }
        TrainingConfig config;
        try {
            config = TrainingConfig.parse(options);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String recipe = "java -jar target/scse.jar " + String.join(" ", args);
        TrainingResult result = new SegmentationTrainer().train(config, recipe, e -> print(e, out), new CancelToken());
        out.println(result);
        return 0;
    }

    /** One line per epoch and per message; steps only as a dot-free heartbeat every 50 steps. */
    private static void print(TrainingEvent e, PrintStream out) {
        switch (e.kind()) {
            case STEP:
                if (e.step() % 50 == 0) out.println("  " + e.describe());
                break;
            default:
                if (!e.describe().isEmpty()) out.println(e.describe());
        }
        out.flush();
    }
}
