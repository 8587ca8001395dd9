package org.scsefiji.imagej;

import ij.IJ;
import ij.plugin.PlugIn;
import java.security.CodeSource;
import org.scsefiji.ScseVersion;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.engine.EngineUnavailableException;
import org.scsefiji.engine.TorchEngine;

/**
 * Plugins &gt; scSE &gt; About scSE-Fiji: logs the plugin version, the PyTorch engine and device, and where
 * JNA came from (a pre-5.0 JNA elsewhere in Fiji breaks DJL). From a macro it only writes to the Log, so
 * a batch run never waits on a dialog.
 */
public class AboutScse implements PlugIn {
    static final String TITLE = "About scSE-Fiji";

    @Override
    public void run(String arg) {
        IJ.log("scSE-Fiji " + ScseVersion.get());
        try {
            IJ.log(TorchEngine.describe(TorchEngine.device(DeviceChoice.AUTO)));
            IJ.log("JNA from " + jarOf("com.sun.jna.Native"));
        } catch (EngineUnavailableException e) {
            report(e.getMessage());
        } catch (LinkageError e) {
            // e.g. no JNA, or a pre-5.0 JNA without Native.load (references.md R4)
            report("A library scSE-Fiji needs is missing or too old: " + e
                    + ". Run Help > Update and make sure Fiji's jars/ folder has exactly one jna-5.x jar.");
        }
    }

    private static void report(String message) {
        IJ.log(message);
        if (!IJ.isMacro()) IJ.error(TITLE, message);
    }

    /** The jar (or folder) a class was loaded from, as the plugin's class loader sees it. */
    private static String jarOf(String className) {
        try {
            CodeSource source = Class.forName(className, false, AboutScse.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            return source == null ? "the Java runtime" : source.getLocation().getPath();
        } catch (ClassNotFoundException e) {
            return "nowhere (not on the class path)";
        }
    }
}
