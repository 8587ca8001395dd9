package org.scsefiji.imagej.ij1;

import java.util.List;
import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;

/** scSE Fine-tune Model (ImageJ 1): continue training a model on new images. */
public class FineTuneModelPlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Fine-tune Model";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return ModelTrainingAction.FINE_TUNE_OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        ModelTrainingAction.run(values, ModelTrainingAction.FINE_TUNE_TITLE, OptionValues.macroCall(COMMAND, values.toMacro()));
    }
}
