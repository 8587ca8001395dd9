package org.scsefiji.imagej.ij1;

import java.util.List;
import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;

/** scSE Train Model (ImageJ 1): a new network from folders of images and label images. */
public class TrainModelPlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Train Model";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return ModelTrainingAction.TRAIN_OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        ModelTrainingAction.run(values, ModelTrainingAction.TRAIN_TITLE, OptionValues.macroCall(COMMAND, values.toMacro()));
    }
}
