package org.scsefiji.train;

import java.io.IOException;
import java.nio.file.Path;
import org.scsefiji.task.CancelToken;

/** Tiny, fast training runs on the OCT crops: ReLayNet with 8 features, subject05 validates. */
final class TinyRuns {
    private TinyRuns() {
    }

    static TrainingConfig.Builder tiny(Path crops, Path output) {
        return TrainingConfig.builder()
                .set("images", crops)
                .set("validation_group", "subject05")
                .set("architecture", "relaynet")
                .set("features", 8)
                .set("classes", 10)
                .set("output", output)
                .set("seed", 3)
                .set("device", "cpu");
    }

    static TrainingResult train(TrainingConfig config, TrainingListener listener, CancelToken cancel) throws IOException {
        return new SegmentationTrainer().train(config, "scse train " + config, listener, cancel);
    }
}
