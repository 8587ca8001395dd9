package org.scsefiji.imagej.commands;

import ij.ImagePlus;
import java.io.File;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scsefiji.imagej.Display;
import org.scsefiji.imagej.VolImportAction;
import org.scsefiji.options.Operation;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** File &gt; Import &gt; Heidelberg OCT (.vol)...: B-scans as a calibrated stack, the SLO image, the vendor boundaries. */
@Plugin(type = Command.class, menuPath = "File>Import>Heidelberg OCT (.vol)...")
public class ImportVolCommand extends ScseCommand {
    @Parameter(label = "Heidelberg .vol file", style = "extensions:vol", required = false, persist = false)
    public File open;

    @Parameter(label = "Pixel values", choices = {"8-bit (Heyex display v^0.25)", "32-bit raw reflectivity"})
    public String pixels = "8-bit (Heyex display v^0.25)";

    @Parameter(label = "Open the SLO fundus image")
    public boolean slo = true;

    @Parameter(label = "Vendor boundaries as overlay (ILM, BM, RNFL)")
    public boolean boundaries = true;

    @Parameter(label = "Patient ID in the image info")
    public boolean patient_id = false;

    /** The B-scans and the SLO image of the last run (shown by the command itself, as ImageJ 1 importers do). */
    public ImagePlus bScans, sloImage;

    @Override
    protected Operation operation() {
        return Operations.IMPORT_VOL;
    }

    @Override
    protected void execute(Settings settings) throws Exception {
        bScans = sloImage = null;
        VolImportAction.Result r = VolImportAction.run(settings);
        bScans = r.bScans;
        sloImage = r.slo;
        Display.show(sloImage);
        Display.show(bScans);
    }
}
