package org.scsefiji.imagej.ij1;

import ij.Prefs;
import ij.gui.GenericDialog;
import java.util.List;
import java.util.Locale;
import org.scsefiji.imagej.InstalledModels;
import org.scsefiji.imagej.Option;
import org.scsefiji.imagej.OptionValues;

/**
 * The ImageJ 1 dialog of an action. Each field's label is its macro key, because ImageJ 1 takes the
 * first word of a label, lower-cased, as the key it records and reads ("tile_size", shown as
 * "tile size"). Choices, numbers and booleans are recorded by ImageJ's Recorder as usual. The values
 * of the last run are remembered in ImageJ's preferences.
 */
final class OptionDialog {
    private OptionDialog() {
    }

    /** Shows the dialog; null when cancelled. */
    static OptionValues show(String title, List<Option> options) {
        GenericDialog gd = new GenericDialog(title);
        StringBuilder help = new StringBuilder("<html><h3>" + title + "</h3><p>Macro keys:</p><ul>");
        for (Option o : options) {
            String last = Prefs.get(prefsKey(title, o), o.defaultValue());
            help.append("<li><b>").append(o.key()).append("</b>: ").append(o.help()).append("</li>");
            switch (o.kind()) {
                case MODEL: {
                    List<String> names = InstalledModels.names();
                    if (names.isEmpty()) gd.addFileField(o.key(), last, 30);
                    else gd.addChoice(o.key(), names.toArray(new String[0]), names.contains(last) ? last : names.get(0));
                    break;
                }
                case CHOICE:
                    gd.addChoice(o.key(), o.choices().toArray(new String[0]), o.choices().contains(last) ? last : o.defaultValue());
                    break;
                case INTEGER:
                    gd.addNumericField(o.key(), parse(last, o), 0);
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
                default: // TEXT, NUMBER: numbers as text keep their form (0.001, 1e-4)
                    gd.addStringField(o.key(), last, o.kind() == Option.Kind.NUMBER ? 10 : 30);
            }
        }
        gd.addHelp(help.append("</ul></html>").toString());
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        OptionValues values = OptionValues.defaults(options);
        for (Option o : options) {
            String v;
            switch (o.kind()) {
                case MODEL:
                    v = InstalledModels.names().isEmpty() ? gd.getNextString() : gd.getNextChoice();
                    break;
                case CHOICE:
                    v = gd.getNextChoice();
                    break;
                case INTEGER: {
                    double d = gd.getNextNumber();
                    v = Double.isNaN(d) ? "not a number" : d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
                    break;
                }
                case BOOLEAN:
                    v = Boolean.toString(gd.getNextBoolean());
                    break;
                default:
                    v = gd.getNextString();
            }
            values.set(o.key(), v);
            Prefs.set(prefsKey(title, o), v);
        }
        return values;
    }

    private static double parse(String text, Option o) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.parseDouble(o.defaultValue());
        }
    }

    private static String prefsKey(String title, Option o) {
        return "scse." + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "." + o.key();
    }
}
