package org.scsefiji.imagej.commands;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.ModelInfoAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Plugins &gt; scSE &gt; Model Info: a model's network, classes, normalisation and provenance, to the Log. */
@Plugin(type = Command.class, menuPath = "Plugins>scSE>Model Info")
public class ModelInfoCommand extends ScseCommand {
    @Parameter(label = "Model", initializer = "initModel", description = "installed model name, or the path of a model file")
    public String model = "";

    /** The last description (not a parameter). */
    public String description;

    @Override
    protected Operation operation() {
        return Operations.INFO;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        description = null;
        description = ModelInfoAction.run(settings);
    }
}
