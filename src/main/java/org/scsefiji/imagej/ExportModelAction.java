package org.scsefiji.imagej;

import ij.IJ;
import java.io.IOException;
import java.nio.file.Path;
import org.scsefiji.bioimageio.BioImageIoModel;
import org.scsefiji.engine.DeviceChoice;
import org.scsefiji.export.PackageExport;
import org.scsefiji.model.ScseModel;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Export to BioImage Model Zoo: an installed or chosen model as a bioimage.io package (.zip), reported in the Log. */
public final class ExportModelAction {
    public static final String TITLE = Operations.EXPORT.title();

    private ExportModelAction() {
    }

    public static PackageExport.Result run(Settings s) throws IOException {
        Path modelFile = InstalledModels.resolve(s.text("model"));
        if (BioImageIoModel.isPackage(modelFile)) {
            throw new IllegalArgumentException("model: " + modelFile + " is already a bioimage.io package; export takes a .scse model");
        }
        PackageExport.target(s);
        IJ.showStatus(TITLE + ": exporting " + modelFile.getFileName());
        try (ScseModel model = InstalledModels.load(modelFile, DeviceChoice.parse(s.choice("device")), TITLE)) {
            PackageExport.Result r = PackageExport.run(s, modelFile, model, new ImageJImageReader());
            IJ.log(TITLE + ": " + r.message);
            IJ.showStatus(TITLE + ": done");
            return r;
        }
    }
}
