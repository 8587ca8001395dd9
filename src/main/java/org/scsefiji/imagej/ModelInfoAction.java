package org.scsefiji.imagej;

import ai.djl.Device;
import ij.IJ;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.bioimageio.BioImageIoModel;
import org.scsefiji.bioimageio.ModelLoader;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.NetworkSummary;
import org.scsefiji.options.Operations;
import org.scsefiji.options.Settings;

/** Model Info: what a model file holds (network, classes, normalisation, provenance, size), to the Log. */
public final class ModelInfoAction {
    public static final String TITLE = Operations.INFO.title();

    private ModelInfoAction() {
    }

    /** Logs the description and returns it. */
    public static String run(Settings o) throws IOException {
        Path file = InstalledModels.resolve(o.text("model"));
        if (BioImageIoModel.isPackage(file)) return describePackage(file);
        ModelFile.Info info = ModelFile.readInfo(file);
        NetworkSpec spec = info.spec();
        List<String> lines = new ArrayList<>();
        lines.add("Model " + file.toAbsolutePath());
        lines.add("  network: " + spec);
        lines.add("  normalization: " + spec.normalization());
        lines.add("  classes:");
        for (ClassInfo c : spec.classes()) {
            lines.add("    " + c.index() + " " + c.name() + " " + c.color() + (c.background() ? " (background)" : ""));
        }
        try (ScseModel model = ModelFile.load(file, Device.cpu())) {
            NetworkSummary summary = NetworkSummary.of(model.network());
            lines.add("  parameters: " + summary.totalParameters() + " (SE blocks: " + summary.seBlockCount() + ", SE weights: "
                    + summary.seWeights() + ")");
        }
        Provenance p = info.provenance();
        for (String key : List.of(Provenance.CREATED, Provenance.SOFTWARE_VERSION, Provenance.RECIPE, Provenance.PARENT,
                Provenance.TRAINING_DATA, Provenance.METRICS)) {
            String v = p.get(key);
            if (v != null) lines.add("  " + key + ": " + v);
        }
        return log(lines);
    }

    /** A bioimage.io package: what scSE-Fiji makes of it (loading it checks that it can run). */
    private static String describePackage(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("Model " + file.toAbsolutePath());
        try (ScseModel model = ModelLoader.load(file, Device.cpu())) {
            lines.add("  network: " + model.network().describe());
            lines.add("  classes:");
            for (ClassInfo c : model.spec().classes()) {
                lines.add("    " + c.index() + " " + c.name() + " " + c.color() + (c.background() ? " (background)" : ""));
            }
        }
        return log(lines);
    }

    private static String log(List<String> lines) {
        for (String line : lines) IJ.log(line);
        return String.join("\n", lines);
    }
}
