package org.scsefiji.imagej.ij1;

import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import java.awt.Checkbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Option;
import org.scsefiji.options.Settings;

/**
 * The ImageJ 1 dialog of an operation. Each field's label is its key, because ImageJ 1 takes the first
 * word of a label, lower-cased, as the key it records and reads. Yes/no options are recorded as
 * {@code key=true|false}, as Fiji records its SciJava commands (ImageJ's own checkbox recording would
 * write a bare word). The values of the last dialog are offered again (ImageJ's preferences); macros
 * never see them.
 */
final class OptionDialog {
    private OptionDialog() {
    }

    /** Shows the dialog; null when cancelled. */
    static Settings show(Operation operation) {
        String title = operation.title();
        GenericDialog gd = new GenericDialog(title);
        StringBuilder help = new StringBuilder("<html><h3>" + title + "</h3><p>Macro keys:</p><ul>");
        for (Option o : operation.options()) {
            String last = Prefs.get(prefsKey(operation, o), o.defaultValue());
            help.append("<li><b>").append(o.key()).append("</b>: ").append(o.help()).append("</li>");
            switch (o.type()) {
                case MODEL: {
                    List<String> names = InstalledModels.names();
                    if (names.isEmpty()) gd.addFileField(o.key(), last, 30);
                    else gd.addChoice(o.key(), names.toArray(new String[0]), names.contains(last) ? last : names.get(0));
                    break;
                }
                case CHOICE:
                    gd.addChoice(o.key(), o.choices().toArray(new String[0]), o.choices().contains(last) ? last : o.defaultValue());
                    break;
                case BOOLEAN:
                    gd.addCheckbox(o.key(), Boolean.parseBoolean(last));
                    break;
                case FOLDER:
                    gd.addDirectoryField(o.key(), last, 30);
                    break;
                case FILE:
                    gd.addFileField(o.key(), last, 30);
                    break;
                default: // TEXT, INTEGER, NUMBER: numbers as text keep their form (0.001, 1e-4) and are checked by Settings
                    gd.addStringField(o.key(), last, o.type() == Option.Type.TEXT ? 30 : 10);
            }
        }
        gd.addHelp(help.append("</ul></html>").toString());
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        @SuppressWarnings("unchecked")
        List<Checkbox> boxes = gd.getCheckboxes() == null ? List.of() : (List<Checkbox>) (List<?>) gd.getCheckboxes();
        int box = 0;
        Map<String, Object> values = new LinkedHashMap<>();
        for (Option o : operation.options()) {
            String v;
            switch (o.type()) {
                case MODEL:
                    v = InstalledModels.names().isEmpty() ? gd.getNextString() : gd.getNextChoice();
                    break;
                case CHOICE:
                    v = gd.getNextChoice();
                    break;
                case BOOLEAN:
                    // read the box itself: getNextBoolean() would record ImageJ's bare-word form
                    v = Boolean.toString(boxes.get(box++).getState());
                    if (Recorder.record) Recorder.recordOption(o.key(), v);
                    break;
                default:
                    v = gd.getNextString();
            }
            values.put(o.key(), v);
            Prefs.set(prefsKey(operation, o), v);
        }
        return Settings.of(operation, values);
    }

    private static String prefsKey(Operation operation, Option o) {
        return "scse." + operation.name().toLowerCase(Locale.ROOT) + "." + o.key();
    }
}
