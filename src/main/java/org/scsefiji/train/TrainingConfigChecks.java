package org.scsefiji.train;

/**
 * The checks a {@link TrainingConfig} passes when built: every value readable as its option's type, required
 * options present, and the bounds and combinations a single option's description cannot say (class_names
 * against classes, lr_factor in (0, 1], ...). Each error names the option.
 */
final class TrainingConfigChecks {
    private TrainingConfigChecks() {
    }

    static void check(TrainingConfig c) {
        if (c.images() == null) throw new IllegalArgumentException("input_directory (the folder of training images) is required");
        if (c.output() == null) throw new IllegalArgumentException("save_as (the model file to write) is required");
        c.dataSource();
        c.checkpoint();
        c.resume();
        c.keepCheckpoint();
        c.overwrite();
        c.freezeEncoder();
        if (c.classes() != 0 && (c.classes() < 2 || c.classes() > 254)) {
            throw new IllegalArgumentException("classes must be 0 (automatic) or 2..254, got " + c.classes());
        }
        if (c.classNames().stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("class_names has an empty name");
        if (!c.classNames().isEmpty() && c.classes() != 0 && c.classNames().size() != c.classes()) {
            throw new IllegalArgumentException("class_names lists " + c.classNames().size() + " names but classes=" + c.classes());
        }
        c.networkSpec(2);
        c.pixelSize();
        atLeast("epochs", c.epochs(), 1);
        atLeast("batch_size", c.batchSize(), 1);
        c.optimizer();
        if (!(c.learningRate() > 0)) throw new IllegalArgumentException("learning_rate must be > 0, got " + c.learningRate());
        atLeast("lr_step", c.lrStep(), 0);
        if (!(c.lrFactor() > 0 && c.lrFactor() <= 1)) throw new IllegalArgumentException("lr_factor must lie in (0, 1], got " + c.lrFactor());
        if (c.momentum() < 0 || c.momentum() >= 1) throw new IllegalArgumentException("momentum must lie in [0, 1), got " + c.momentum());
        if (c.weightDecay() < 0) throw new IllegalArgumentException("weight_decay must be >= 0, got " + c.weightDecay());
        atLeast("patience", c.patience(), 0);
        c.monitor();
        atLeast("patch_width", c.patchWidth(), 0);
        atLeast("patch_height", c.patchHeight(), 0);
        c.flip();
        c.augmentation();
        c.loss();
        c.classWeights();
        c.weightMap();
        if (c.boundaryWeight() < 0 || c.foregroundWeight() < 0) {
            throw new IllegalArgumentException("boundary_weight and foreground_weight must be >= 0");
        }
        c.validationFraction();
        c.seed();
        if (!(c.cacheBytes() > 0)) throw new IllegalArgumentException("cache_mb must be > 0");
        c.device();
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
    }
}
