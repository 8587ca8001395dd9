package org.scsefiji.train;

import java.util.Map;
import java.util.function.Function;
import org.scsefiji.nn.Architecture;
import org.scsefiji.options.TrainingOptions;
import org.scsefiji.train.TrainingConfig.LossChoice;

/**
 * The default value of each training option. Most are the option's own default ({@link TrainingOptions}); a few
 * depend on other options (the {@link TrainingOptions} line of each has an empty default and says the rule in its
 * help text): fine-tuning trains shorter and slower, ReLayNet (OCT) trains on narrow full-depth strips with the
 * boundary weight map and OCT-sized augmentation, FocusNet++ uses its hybrid loss.
 */
final class TrainingDefaults {
    private static final Map<String, Function<TrainingConfig, String>> RULES = Map.ofEntries(
            Map.entry("epochs", c -> c.parentModel() == null ? "30" : "10"),
            Map.entry("learning_rate", c -> c.parentModel() == null ? "0.01" : "0.001"),
            Map.entry("patch_width", c -> relayNet(c) ? "64" : "256"),
            Map.entry("patch_height", c -> relayNet(c) ? "0" : "256"),
            Map.entry("scale_across", c -> relayNet(c) ? "0.5,4" : "0.75,1.33"),
            Map.entry("scale_depth", c -> relayNet(c) ? "0.6,2" : "0.75,1.33"),
            Map.entry("rotation", c -> relayNet(c) ? "10" : "180"),
            Map.entry("shift_depth", c -> relayNet(c) ? "0.2" : "0"),
            Map.entry("loss", c -> c.architecture() == Architecture.FOCUSNETPP ? "hybrid_log" : "ce_dice"),
            Map.entry("class_weights", c -> c.loss() == LossChoice.CE || c.loss() == LossChoice.CE_DICE ? "median_frequency" : "none"),
            Map.entry("weight_map", c -> relayNet(c) ? "boundary" : "none"));

    private TrainingDefaults() {
    }

    /** The value of {@code key} for {@code config} when it was not set. */
    static String of(String key, TrainingConfig config) {
        Function<TrainingConfig, String> rule = RULES.get(key);
        return rule != null ? rule.apply(config) : TrainingOptions.OPERATION.option(key).defaultValue();
    }

    private static boolean relayNet(TrainingConfig c) {
        return c.architecture() == Architecture.RELAYNET;
    }
}
