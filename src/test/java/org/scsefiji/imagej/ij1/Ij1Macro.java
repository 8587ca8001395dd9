package org.scsefiji.imagej.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.scsefiji.options.Operation;

/**
 * Runs an ImageJ 1 plugin as {@code run("command", options)} does inside a macro, headless (fiji.md
 * section 5: stock ImageJ cannot build its menus without a display, so IJ.run itself cannot be used):
 * options are set for a "Run$_" thread, the current image is the temporary current image, and the
 * plugin is started by IJ.runPlugIn. Callers switch on batch mode ({@link Interpreter#batchMode}) so that
 * images the plugin shows are registered as a batch-mode macro's images. Returns what the plugin logged (IJ.log prints to standard
 * output when there is no Log window).
 */
final class Ij1Macro {
    /** Printed into the returned log when the plugin stopped the macro. */
    static final String CANCELLED = "(macro stopped)";

    private Ij1Macro() {
    }

    static String run(Operation operation, String options, ImagePlus current) {
        Thread thread = Thread.currentThread();
        String name = thread.getName();
        PrintStream out = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            thread.setName("Run$_" + name);
            Macro.setOptions(options);
            WindowManager.setTempCurrentImage(current);
            System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                IJ.runPlugIn(operation.title(), ScsePlugIn.class.getName(), operation.name());
            } catch (RuntimeException e) {
                if (!Macro.MACRO_CANCELED.equals(e.getMessage())) throw e; // a failure stops the macro, as in ImageJ
                System.out.println(CANCELLED);
            }
        } finally {
            System.setOut(out);
            Macro.setOptions(null);
            thread.setName(name);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        out.print(text);
        return text;
    }
}
