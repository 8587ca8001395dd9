package org.scsefiji.bioimageio;

import ai.djl.Device;
import ai.djl.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.io.Sha256;
import org.scsefiji.model.ClassInfo;
import org.scsefiji.model.ClassPalettes;
import org.scsefiji.model.ModelFileException;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Provenance;
import org.scsefiji.model.ScseModel;
import org.scsefiji.model.SpecJson;

/**
 * Loads a bioimage.io model package (a 2-D, single-input segmentation model with ONNX or TorchScript weights)
 * as a {@link ScseModel}, which segments through the same segmenter, outputs and overlays as a .scse model.
 *
 * <p>The spec it gets: input channels and normalisation from the package's input (its preprocessing as
 * scSE-Fiji's normalisation, computed per slice and channel), the classes from the output's channels (one
 * channel: background and that channel). A package exported by scSE-Fiji also carries its original spec in
 * {@code config.scse_fiji}: its class names and colours, post-processing and pixel size are used then
 * (other tools ignore that section).
 */
public final class BioImageIoModel {
    /** Provenance key: the package a model was imported from. */
    public static final String IMPORTED_FROM = "imported_from";

    private BioImageIoModel() {
    }

    /** True for a .zip or folder holding rdf.yaml. */
    public static boolean isPackage(Path file) {
        return PackageSpec.isPackage(file);
    }

    /** Reads the package and loads its weights onto {@code device} (ONNX always runs on the CPU). */
    public static ScseModel load(Path file, Device device) throws ModelFileException {
        PackageSpec pkg = new PackageSpec(file);
        NetworkSpec spec = spec(pkg);
        String field = "weights." + pkg.weightsFormat.key + ".source";
        byte[] weights = pkg.read(pkg.weightsSource, field);
        if (pkg.weightsSha256 != null) {
            String actual = Sha256.hex(weights);
            if (!actual.equals(pkg.weightsSha256)) {
                // a truncated download or a file replaced after packaging: say so before an engine fails on it obscurely
                throw pkg.error("weights." + pkg.weightsFormat.key + ".sha256", "is " + pkg.weightsSha256 + ", but '" + pkg.weightsSource
                        + "' has " + actual + ": the weights file is damaged or not the one the package describes");
            }
        }
        TorchEngine.get();
        Provenance provenance = new Provenance().with(IMPORTED_FROM, file.toString()).with("weights_format", pkg.weightsFormat.key)
                .with(Provenance.CREATED, String.valueOf(pkg.name));
        try {
            return TorchEngine.withPluginClassLoader(() -> {
                if (pkg.weightsFormat == PackageSpec.WeightsFormat.TORCHSCRIPT) {
                    TorchScriptGraph g = new TorchScriptGraph(weights, pkg, field, device);
                    return ScseModel.of(g.model(), new ImportedNetwork(spec, pkg, g), provenance);
                }
                OnnxRuntimeGraph g = new OnnxRuntimeGraph(weights, file, pkg.outputId);
                Model m = Model.newInstance("bioimageio", device, TorchEngine.ENGINE);
                return ScseModel.of(m, new ImportedNetwork(spec, pkg, g), provenance);
            });
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof ModelFileException) throw (ModelFileException) e.getCause();
            throw e;
        } catch (NoClassDefFoundError e) {
            throw new ModelFileException(file, "has ONNX weights, but ONNX Runtime (onnxruntime.jar) is not installed", e);
        }
    }

    private static NetworkSpec spec(PackageSpec pkg) throws ModelFileException {
        int classes = pkg.outputChannels == 1 ? 2 : pkg.outputChannels;
        if (pkg.scseSpec != null) {
            try {
                NetworkSpec own = SpecJson.fromJson(pkg.scseSpec);
                if (own.classCount() == classes && own.inputChannels() == pkg.inputChannels) {
                    // no logit offsets: the exported graph adds them itself, before its softmax
                    return own.toBuilder().normalization(pkg.normalization).logitOffsets(null).build();
                }
            } catch (IllegalArgumentException e) {
                // an older or damaged config section: fall back to what the spec itself says
            }
        }
        List<ClassInfo> list = new ArrayList<>(ClassPalettes.generic(classes));
        List<String> names = pkg.channelNames;
        if (pkg.outputChannels == 1) {
            String name = names != null && !names.isEmpty() ? names.get(0) : "foreground";
            list.set(1, new ClassInfo(1, name, list.get(1).color(), false));
        } else if (names != null && names.size() == classes) {
            for (int i = 0; i < classes; i++) list.set(i, new ClassInfo(i, names.get(i), list.get(i).color(), list.get(i).background()));
        }
        try {
            return NetworkSpec.builder().inputChannels(pkg.inputChannels).classes(list).normalization(pkg.normalization).build();
        } catch (IllegalArgumentException e) {
            throw pkg.error("outputs[0]", "does not describe classes scSE-Fiji can use (" + e.getMessage() + ")");
        }
    }
}
