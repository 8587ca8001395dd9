package org.scsefiji.cli;

import java.io.PrintStream;
import java.util.Map;
import org.scsefiji.imagej.ImageJImageReader;
import org.scsefiji.options.TrainingOptions;
import org.scsefiji.task.CancelToken;
import org.scsefiji.train.SegmentationTrainer;
import org.scsefiji.train.TrainingConfig;
import org.scsefiji.train.TrainingEvent;
import org.scsefiji.train.TrainingResult;

/** {@code train}: a model file from folders of images and label images, or fine-tuned from a model ({@code --model}). */
final class TrainCommand implements Subcommand {
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
        return Flags.usage(TrainingOptions.OPERATION);
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Map<String, String> options = Flags.parse(TrainingOptions.OPERATION, args, 1);
        if (options.containsKey("model")) options.put("model", ModelArgument.file(options.get("model")).toString());
        TrainingConfig config;
        try {
            config = TrainingConfig.parse(options);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String recipe = "java -jar target/scse.jar " + String.join(" ", args);
        TrainingResult result = new SegmentationTrainer(new ImageJImageReader()).train(config, recipe, e -> print(e, out), new CancelToken());
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
