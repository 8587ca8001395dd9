package org.scsefiji.imagej.commands;

import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.options.MacroText;
import org.scsefiji.options.Settings;
import org.scsefiji.train.TrainingResult;

/** Train Model and Fine-tune Model: the training action, with the macro line of the run as the model's recipe. */
abstract class TrainingCommand extends ScseCommand {
    /** How the last run ended (not a parameter). */
    public TrainingResult result;

    @Override
    protected void execute(Settings settings) throws Exception {
        result = null;
        String title = operation().title();
        result = ModelTrainingAction.run(settings, title, MacroText.call(title, settings.toMacro()));
    }
}
