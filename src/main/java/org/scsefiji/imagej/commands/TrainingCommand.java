package org.scsefiji.imagej.commands;

import java.util.List;
import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;
import org.scsefiji.train.TrainingResult;

/** Train Model and Fine-tune Model: the training action, with the recorded macro line as the model's recipe. */
abstract class TrainingCommand extends ScseCommand {
    /** How the last run ended (not a parameter). */
    public TrainingResult result;
    private final String title;
    private final List<Option> options;

    TrainingCommand(String title, List<Option> options) {
        this.title = title;
        this.options = options;
    }

    @Override
    public void run() {
        result = null;
        report(title, () -> {
            OptionValues values = options(options);
            result = ModelTrainingAction.run(values, title, OptionValues.macroCall(title, values.toSciJavaMacro()));
        });
    }
}
