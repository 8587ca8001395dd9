package org.scsefiji.imagej.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.stream.Collectors;
import org.scsefiji.imagej.Display;
import org.scsefiji.imagej.EvaluateModelAction;
import org.scsefiji.imagej.ImageSegmentation;
import org.scsefiji.imagej.LayerMeasurementAction;
import org.scsefiji.imagej.VolImportAction;
import org.scsefiji.imagej.ModelInfoAction;
import org.scsefiji.imagej.ModelTrainingAction;
import org.scsefiji.imagej.SegmentFolderAction;
import org.scsefiji.imagej.SegmentImageAction;
import org.scsefiji.options.MacroText;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;
import org.scsefiji.task.CancelToken;
import org.scsefiji.task.CancelledException;
import org.scsefiji.task.UserMessages;

/**
 * The scSE commands for plain ImageJ 1, which has no SciJava: plugins.config lists each operation under
 * the same menu entry as its SciJava command ({@code Plugins>scSE, "Segment Image",
 * ...ScsePlugIn("segment_image")}). In Fiji the SciJava command takes that entry over (imagej-legacy
 * reuses an IJ1 menu item of the same label), so there is one menu; in ImageJ 1 this class runs instead,
 * with the same keys read by the same parser ({@link Settings#fromMacro}). Called from a macro, the
 * options come from {@code run("Segment Image", "key=value ...")}; from the menu, a dialog asks for them.
 */
public class ScsePlugIn implements PlugIn {
    @Override
    public final void run(String arg) {
        Operation operation = Operations.FIJI.stream().filter(o -> o.name().equals(arg)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("plugins.config names no scSE operation '" + arg + "'"));
        String title = operation.title();
        try {
            Settings settings = read(operation);
            if (settings != null) run(operation, settings);
        } catch (CancelledException e) {
            IJ.log(title + ": cancelled");
        } catch (Exception e) {
            String message = UserMessages.describe(e);
            IJ.log(title + ": ERROR: " + message);
            // In a macro: stop it, without a dialog (under a virtual display or in a batch run a dialog would wait
            // forever); from the menu: show the error.
            if (Macro.getOptions() != null) stopMacro(title + ": " + message);
            if (!GraphicsEnvironment.isHeadless()) IJ.error(title, message);
        }
    }

    /**
     * Ends the macro that called this command before its next line. ImageJ's Executer swallows a "Macro canceled"
     * exception and the interpreter would go on; IJ.error would stop it but through the "Macro Error" dialog. So
     * the interpreter is told to stop quietly (the message is in the Log), as an error in the macro itself would.
     */
    private static void stopMacro(String message) {
        Interpreter macro = Interpreter.getInstance();
        if (macro != null) {
            macro.setIgnoreErrors(true);
            macro.abort(message);
        }
        throw new RuntimeException(Macro.MACRO_CANCELED);
    }

    private static void run(Operation operation, Settings settings) throws Exception {
        if (operation == Operations.SEGMENT) {
            ImageSegmentation s = SegmentImageAction.run(settings, WindowManager.getCurrentImage());
            if (s.instanceImage() != null) s.instanceImage().show(); // before the label image, which stays the current image
            if (settings.bool("label_image")) s.labels().show();
            for (ImagePlus map : new ImagePlus[] {s.probabilities(), s.attention()}) {
                if (map != null) map.show();
            }
        } else if (operation == Operations.SEGMENT_FOLDER) {
            SegmentFolderAction.run(settings);
        } else if (operation == Operations.TRAIN || operation == Operations.FINE_TUNE) {
            ModelTrainingAction.run(settings, operation.title(), MacroText.call(operation.title(), settings.toMacro()));
        } else if (operation == Operations.EVALUATE) {
            EvaluateModelAction.run(settings);
        } else if (operation == Operations.MEASURE_LAYERS) {
            LayerMeasurementAction.run(settings, WindowManager.getCurrentImage(), new CancelToken());
        } else if (operation == Operations.IMPORT_VOL) {
            VolImportAction.Result r = VolImportAction.run(settings);
            Display.show(r.slo);
            Display.show(r.bScans);
        } else if (operation == Operations.INFO) {
            ModelInfoAction.run(settings);
        } else {
            throw new IllegalStateException("no ImageJ 1 entry for " + operation);
        }
    }

    private static Settings read(Operation operation) {
        String macro = Macro.getOptions();
        if (macro != null) return Settings.fromMacro(operation, macro, List.of());
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalArgumentException("Without a display this command needs its options from a macro: run(\"" + operation.title()
                    + "\", \"" + operation.keys().stream().map(k -> k + "=...").collect(Collectors.joining(" ")) + "\")");
        }
        return OptionDialog.show(operation);
    }
}
