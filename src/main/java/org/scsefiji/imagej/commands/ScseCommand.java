package org.scsefiji.imagej.commands;

import ij.IJ;
import java.lang.reflect.Field;
import java.util.List;
import org.scijava.command.DynamicCommand;
import org.scijava.module.MutableModuleItem;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;
import org.scsefiji.imagej.UserMessages;
import org.scsefiji.task.CancelledException;

/**
 * Base of the scSE SciJava commands. Each option is a public field whose name is its macro key, so
 * Fiji records and replays {@code key=value}; the commands read their fields into {@link OptionValues}
 * and hand them to an action of {@code org.scsefiji.imagej}, which validates every value (SciJava does
 * not check choices or numbers given in macros). From Java: set the fields, call {@code run()}, then
 * read the outputs or {@link #failure()}.
 */
public abstract class ScseCommand extends DynamicCommand {
    private String failure;

    /** The action's options, each read from the field named by its key. */
    protected final OptionValues options(List<Option> options) {
        OptionValues values = OptionValues.defaults(options);
        for (Option o : options) {
            try {
                Field f = getClass().getField(o.key());
                values.set(o.key(), f.get(this));
            } catch (NoSuchFieldException | IllegalAccessException e) {
                throw new IllegalStateException(getClass().getSimpleName() + " has no public field for option " + o.key(), e);
            }
        }
        return values;
    }

    /** Initializer of the {@code model} input: the installed models become its choices, the first one its default. */
    protected void initModel() {
        List<String> names = InstalledModels.names();
        MutableModuleItem<String> item = getInfo().getMutableInput("model", String.class);
        if (item == null || names.isEmpty()) return;
        item.setChoices(names);
        Object current = getInput("model");
        if (current == null || current.toString().isBlank()) setInput("model", names.get(0));
    }

    /**
     * Runs the action; a failure is reported to the user (Log, and a dialog with a display) and kept in
     * {@link #failure()}. The command does not cancel itself: SciJava would then show the reason a second time.
     */
    protected final void report(String title, Action action) {
        failure = null;
        try {
            action.run();
        } catch (CancelledException e) {
            IJ.log(title + ": cancelled");
        } catch (Exception e) {
            failure = UserMessages.describe(e);
            UserMessages.error(title, failure);
        }
    }

    /** Why the last run failed (in words for users), or null after a success. */
    public String failure() {
        return failure;
    }

    /** The body of a command. */
    @FunctionalInterface
    protected interface Action {
        void run() throws Exception;
    }
}
