package org.scsefiji.imagej.commands;

import ij.IJ;
import ij.Macro;
import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scijava.command.DynamicCommand;
import org.scijava.module.MethodCallException;
import org.scijava.module.ModuleItem;
import org.scijava.module.MutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.UserMessages;

/**
 * Base of the scSE SciJava commands. Each option of the command's {@link Operation} is a public field
 * named by its key (Fiji records and replays {@code key=value}; {@code CommandOptionsTest} checks names,
 * defaults, choices and bounds against the operation). On run every value is checked against the
 * operation, and any error cancels the command with a message naming the key and the value, so a macro
 * stops, a script sees a cancelled module and headless Fiji exits non-zero.
 *
 * <p>Called from a macro, the values come from the macro's options string itself ({@link
 * Settings#fromMacro}, the parser the ImageJ 1 entry point uses too): an unknown or upper-case key is
 * an error, a required key left out is an error naming it, and a key left out takes its default, never
 * a value SciJava remembered from an earlier run. Otherwise (dialog, script, Java) the fields are read.
 */
public abstract class ScseCommand extends DynamicCommand {
    private String failure;

    /** What this command accepts. */
    protected abstract Operation operation();

    /** The work, with settings already checked; exceptions become the cancel message. */
    protected abstract void execute(Settings settings) throws Exception;

    /** Inside a macro no input may open a dialog: every input counts as given, and {@link #run} reports what is missing. */
    @Override
    public void initialize() throws MethodCallException {
        super.initialize();
        if (macroOptions() == null || getInfo() == null) return;
        for (ModuleItem<?> input : getInfo().inputs()) {
            if (!isInputResolved(input.getName())) resolveInput(input.getName());
        }
    }

    @Override
    public final void run() {
        failure = null;
        String title = operation().title();
        try {
            execute(settings());
        } catch (CancelledException e) {
            IJ.log(title + ": cancelled");
            cancel(title + ": cancelled");
        } catch (Exception e) {
            failure = UserMessages.describe(e);
            IJ.log(title + ": ERROR: " + failure);
            cancel(title + ": " + failure);
        }
    }

    /** Why the last run failed (in words for users), or null after a success. */
    public String failure() {
        return failure;
    }

    /** The options string of the macro that runs this command, or null when no macro does. */
    static String macroOptions() {
        return Macro.getOptions();
    }

    /** The checked settings of this run: from the macro line when a macro runs the command, else from the fields. */
    final Settings settings() {
        String macro = macroOptions();
        if (macro == null) return Settings.of(operation(), fieldValues());
        Settings s = Settings.fromMacro(operation(), macro, otherInputs());
        setFields(s);
        return s;
    }

    private Map<String, Object> fieldValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option o : operation().options()) {
            try {
                values.put(o.key(), field(o.key()).get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    /** The fields show what ran (and what Fiji records), not SciJava's guesses from the macro line. */
    private void setFields(Settings s) {
        for (Option o : operation().options()) {
            Field f = field(o.key());
            String v = s.text(o.key());
            try {
                Class<?> t = f.getType();
                if (t == int.class) f.setInt(this, v.isEmpty() ? 0 : s.integer(o.key()));
                else if (t == double.class) f.setDouble(this, v.isEmpty() ? 0 : s.number(o.key()));
                else if (t == boolean.class) f.setBoolean(this, s.bool(o.key()));
                else if (t == File.class) f.set(this, v.isEmpty() ? null : new File(v));
                else f.set(this, v);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Field field(String key) {
        try {
            return getClass().getField(key);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no public field for option " + key, e);
        }
    }

    /** Inputs that are not options (e.g. {@code imp}, the image): allowed as keys in a macro line. */
    private List<String> otherInputs() {
        List<String> names = new ArrayList<>();
        for (Field f : getClass().getFields()) {
            if (f.isAnnotationPresent(Parameter.class) && !operation().has(f.getName())) names.add(f.getName());
        }
        return names;
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
}
