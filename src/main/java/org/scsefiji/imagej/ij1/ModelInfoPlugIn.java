package org.scsefiji.imagej.ij1;

import java.util.List;
import org.scsefiji.imagej.ModelInfoAction;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;

/** scSE Model Info (ImageJ 1): a model's description, to the Log. */
public class ModelInfoPlugIn extends ScsePlugIn {
    public static final String COMMAND = "scSE Model Info";

    @Override
    protected String command() {
        return COMMAND;
    }

    @Override
    protected List<Option> options() {
        return ModelInfoAction.OPTIONS;
    }

    @Override
    protected void run(OptionValues values) throws Exception {
        ModelInfoAction.run(values);
    }
}
