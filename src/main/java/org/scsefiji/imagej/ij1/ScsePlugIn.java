package org.scsefiji.imagej.ij1;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.stream.Collectors;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;
import org.scsefiji.imagej.UserMessages;
import org.scsefiji.task.CancelledException;

/**
 * Base of the scSE ImageJ 1 plugins (plugins.config), which also run in plain ImageJ 1 without SciJava.
 * Called from a macro, the options come from {@code run("...", "key=value ...")} and are read by
 * {@link OptionValues#fromMacro} with ImageJ 1's rules (so also headless, where no dialog can be built);
 * from the menu, a dialog asks for them and ImageJ's Recorder records the same keys.
 */
public abstract class ScsePlugIn implements PlugIn {
    /** The menu command, as in plugins.config and macros. */
    protected abstract String command();

    protected abstract List<Option> options();

    /** Does the work; exceptions are reported to the user by the caller. */
    protected abstract void run(OptionValues values) throws Exception;

    @Override
    public final void run(String arg) {
        try {
            OptionValues values = read();
            if (values != null) run(values);
        } catch (CancelledException e) {
            IJ.log(command() + ": cancelled");
        } catch (Exception e) {
            UserMessages.error(command(), UserMessages.describe(e));
        }
    }

    private OptionValues read() {
        String macro = Macro.getOptions();
        if (macro != null) return OptionValues.fromMacro(options(), macro);
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalArgumentException("Without a display this command needs its options from a macro: run(\"" + command()
                    + "\", \"" + options().stream().map(o -> o.key() + "=...").collect(Collectors.joining(" ")) + "\")");
        }
        return OptionDialog.show(command(), options());
    }
}
