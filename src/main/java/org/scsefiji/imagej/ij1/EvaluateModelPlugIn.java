package org.scsefiji.imagej.ij1;

import java.util.List;
import org.scsefiji.imagej.EvaluateModelAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;

/** scSE Evaluate Model (ImageJ 1): per-class Dice on a folder of labelled images, into a CSV file. */
public class EvaluateModelPlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Evaluate Model";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return EvaluateModelAction.OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        EvaluateModelAction.run(values);
    }
}
