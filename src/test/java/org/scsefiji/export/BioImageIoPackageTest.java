package org.scsefiji.export;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.Normalization;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;

/** A package per normalisation mode: spec fields in place, and a consumer's preprocessing + ONNX Runtime reproduce its test output. */
class BioImageIoPackageTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Normalization.Mode.class)
    void packageIsCompleteAndReproducesItsTestOutput(Normalization.Mode mode) throws Exception {
        Normalization n = mode == Normalization.Mode.PERCENTILE ? Normalization.percentile(1, 99.8)
                : mode == Normalization.Mode.FIXED ? new Normalization(mode, 10, 210) : new Normalization(mode, 0, 1);
        NetworkSpec spec = NetworkTestSupport.small(Architecture.RELAYNET).features(4).normalization(n).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 3)) {
            OnnxExportTest.randomizeParameters(model, 5);
            BioImageIoPackage.Description d = new BioImageIoPackage.Description();
            d.name = "test-" + mode.key();
            Path zip = dir.resolve(d.name + ".zip");
            // 100 x 100: smaller than the minimum size, so the test tensor is the image mirrored up to it
            BioImageIoPackage.write(model, BioImageIoPackage.TestImage.synthetic(1, 100, 9), d, zip);
            PackageCheck check = new PackageCheck(zip);
            check.checkStructure();
            check.runInOnnxRuntime();
            EngineAgreement.assertProbabilities(mode + ": ONNX Runtime vs the test output", check.testOutput.values, check.onnxProbabilities, false);
            check.assertSameLabels();
        }
    }
}
