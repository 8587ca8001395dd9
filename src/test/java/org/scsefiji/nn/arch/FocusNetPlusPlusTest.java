package org.scsefiji.nn.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scsefiji.model.ModelFile;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.model.ScseModel;
import org.scsefiji.nn.Aggregation;
import org.scsefiji.nn.Architecture;
import org.scsefiji.nn.NetworkTestSupport;
import org.scsefiji.nn.Placement;
import org.scsefiji.nn.SeBlockType;
import org.scsefiji.nn.SkipMode;
import org.scsefiji.nn.se.SeBlocks;

class FocusNetPlusPlusTest {
    private static NetworkSpec.Builder small() {
        return NetworkTestSupport.small(Architecture.FOCUSNETPP);
    }

    @Test
    void widthsScaleThePaperWidthsByFeaturesOver32() {
        assertArrayEquals(new int[] {32, 64, 128, 192, 256}, FocusNetPlusPlus.widths(32));
        assertArrayEquals(new int[] {8, 16, 32, 48, 64}, FocusNetPlusPlus.widths(8));
        assertArrayEquals(new int[] {64, 128, 256, 384, 512}, FocusNetPlusPlus.widths(64));
        assertArrayEquals(new int[] {8, 12, 20, 32, 40}, FocusNetPlusPlus.widths(5)); // rounded up to multiples of 4
    }

    @Test
    void resGaBlockHasTheHandCountedParameters() {
        try (NDManager m = NetworkTestSupport.manager()) {
            for (int[] io : new int[][] {{8, 8}, {12, 16}}) {
                ResGaBlock b = new ResGaBlock(io[0], io[1], SeBlockType.NONE, Aggregation.MAX, 2, false);
                b.initialize(m, DataType.FLOAT32, new Shape(1, io[0], 4, 4));
                long cIn = io[0], c = io[1], d = c / 4;
                long pair = (19 * d * d + 7 * d) + (18 * d * d + 6 * d) + (2 * d * d + 6 * d); // attention, residual, merge
                long expected = (cIn * c + c) + 2 * pair + (c * c + 3 * c) + (cIn != c ? cIn * c + 3 * c : 0);
                assertEquals(expected, trainableCount(b), "block " + cIn + " -> " + c);
            }
        }
    }

    @Test
    void parameterCountsAndSeIncreaseAtPaperWidths() {
        NetworkSpec none = small().features(32).seBlock(SeBlockType.NONE).build();
        NetworkSpec scse = small().features(32).seBlock(SeBlockType.SCSE).build();
        try (ScseModel a = NetworkTestSupport.seededModel(none, 1); ScseModel b = NetworkTestSupport.seededModel(scse, 1);
             ScseModel tiny = NetworkTestSupport.seededModel(small().build(), 1)) {
            long pNone = trainableCount(a.network());
            long pScse = trainableCount(b.network());
            // P5: scSE (r = 2, biases included: cSE C*C/2 + C/2 + C/2*C + C, sSE C + 1) in the 4 encoder and
            // the 4 decoder blocks, which have the same widths.
            long perSide = 0;
            for (long c : new long[] {32, 64, 128, 192}) perSide += (c * c + c / 2 + c) + (c + 1);
            long expectedIncrease = 2 * perSide;
            System.out.printf("FocusNet++ trainable parameters: features=32 se=none %d, se=scse (P5, max) %d (+%d, %.2f %%); features=8 scse %d%n",
                    pNone, pScse, pScse - pNone, 100.0 * (pScse - pNone) / pNone, trainableCount(tiny.network()));
            assertEquals(expectedIncrease, pScse - pNone);
            assertTrue(pNone > 1_000_000 && pNone < 10_000_000, "implausible size " + pNone);
        }
    }

    @Test
    void theSeBlocksChangeTheOutputWhenAllOtherWeightsAreEqual() {
        try (NDManager m = NetworkTestSupport.manager();
             ScseModel none = NetworkTestSupport.seededModel(small().seBlock(SeBlockType.NONE).build(), 3)) {
            NDArray x = NetworkTestSupport.randomInput(m, 4, 1, 1, 16, 16);
            NDArray yNone = NetworkTestSupport.forward(none, x);
            for (SeBlockType se : new SeBlockType[] {SeBlockType.CSE, SeBlockType.SSE, SeBlockType.SCSE}) {
                try (ScseModel with = NetworkTestSupport.seededModel(small().seBlock(se).build(), 3)) {
                    copyNonSeParameters(none.network(), with.network());
                    NDArray y = NetworkTestSupport.forward(with, x);
                    float diff = y.sub(yNone).abs().max().getFloat();
                    assertTrue(diff > 1e-4f, se + " left the output unchanged (max diff " + diff + ")");
                }
            }
        }
    }

    @Test
    void uncalibratedSkipsChangeTheOutputWithTheSameWeights() {
        try (NDManager m = NetworkTestSupport.manager();
             ScseModel recal = NetworkTestSupport.seededModel(small().build(), 5);
             ScseModel uncal = NetworkTestSupport.seededModel(small().skip(SkipMode.UNCALIBRATED).build(), 5)) {
            assertEquals(trainableCount(recal.network()), trainableCount(uncal.network()));
            NDArray x = NetworkTestSupport.randomInput(m, 6, 1, 1, 16, 16);
            NDArray a = NetworkTestSupport.forward(recal, x);
            NDArray b = NetworkTestSupport.forward(uncal, x);
            assertTrue(a.sub(b).abs().max().getFloat() > 1e-5f);
        }
    }

    @Test
    void outputPixelsBeyondTheReceptiveRadiusDoNotSeeAPerturbation() {
        // Without SE (whose channel squeeze is global by design) the network is local.
        try (NDManager m = NetworkTestSupport.manager();
             ScseModel model = NetworkTestSupport.seededModel(small().seBlock(SeBlockType.NONE).build(), 7)) {
            int radius = model.network().receptiveRadius();
            long w = radius + 40;
            NDArray x = NetworkTestSupport.randomInput(m, 8, 1, 1, 16, w);
            NDArray y = NetworkTestSupport.forward(model, x);
            for (int column : new int[] {0, 7, 15}) { // every alignment class against the 16-pixel pooling grid
                NDArray xp = x.duplicate();
                xp.set(new NDIndex(":, :, 8, {}", column), 5f);
                NDArray diff = NetworkTestSupport.forward(model, xp).sub(y).abs();
                float far = diff.get(new NDIndex(":, :, :, {}:", column + radius + 1)).max().getFloat();
                assertEquals(0f, far, "radius " + radius + " is too small (perturbed column " + column + ")");
                float near = diff.get(new NDIndex(":, :, :, {}:{}", column, column + 16)).max().getFloat();
                assertTrue(near > 0f, "the perturbation should reach nearby outputs");
            }
        }
    }

    @Test
    void savedAndReloadedModelGivesTheSameOutput(@TempDir Path dir) throws Exception {
        NetworkSpec spec = small().aggregation(Aggregation.CONCAT).positions(List.of(Placement.P6)).skip(SkipMode.UNCALIBRATED).build();
        Path file = dir.resolve("focusnet" + ModelFile.EXTENSION);
        try (NDManager m = NetworkTestSupport.manager(); ScseModel model = NetworkTestSupport.seededModel(spec, 9)) {
            NDArray x = NetworkTestSupport.randomInput(m, 10, 1, 1, 19, 23);
            NDArray y = NetworkTestSupport.forward(model, x);
            ModelFile.save(model, file);
            try (ScseModel reloaded = ModelFile.load(file, Device.cpu())) {
                assertEquals(spec, reloaded.spec());
                assertEquals(0f, NetworkTestSupport.forward(reloaded, x).sub(y).abs().max().getFloat());
            }
        }
    }

    @Test
    void oneSgdStepLowersCrossEntropyAndEverySeBlockGetsAGradient() {
        NetworkSpec spec = small().positions(List.of(Placement.P6)).build();
        try (ScseModel model = NetworkTestSupport.seededModel(spec, 11)) {
            SoftmaxCrossEntropyLoss ce = new SoftmaxCrossEntropyLoss("ce", 1f, 1, true, true);
            DefaultTrainingConfig config = new DefaultTrainingConfig(ce)
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
            try (Trainer trainer = model.djlModel().newTrainer(config); NDManager m = trainer.getManager().newSubManager()) {
                NDArray x = NetworkTestSupport.randomInput(m, 12, 2, 1, 24, 20);
                // Classes by intensity band, so the target is learnable.
                NDArray labels = x.gt(0.33f).toType(DataType.INT64, false).add(x.gt(0.66f).toType(DataType.INT64, false));
                float before;
                Engine.getInstance().setRandomSeed(13); // the same dropout mask for both losses
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray loss = ce.evaluate(new NDList(labels), new NDList(logits));
                    assertEquals(directCrossEntropy(logits, labels), loss.getFloat(), 1e-5f);
                    before = loss.getFloat();
                    gc.backward(loss);
                    List<Block> seBlocks = new ArrayList<>();
                    collectSeBlocks(model.network(), seBlocks);
                    assertEquals(10, seBlocks.size(), "P6: 4 encoder, bottleneck, 4 decoder blocks and the head");
                    for (Block se : seBlocks) {
                        for (Parameter p : se.getParameters().values()) {
                            float g = p.getArray().getGradient().abs().sum().getFloat();
                            assertTrue(g > 0f, "SE parameter " + p.getName() + " got no gradient");
                        }
                    }
                }
                trainer.step();
                Engine.getInstance().setRandomSeed(13);
                NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                float after = ce.evaluate(new NDList(labels), new NDList(logits)).getFloat();
                System.out.printf("FocusNet++ one SGD step: cross-entropy %.5f -> %.5f%n", before, after);
                assertTrue(after < before, "loss went from " + before + " to " + after);
            }
        }
    }

    private static float directCrossEntropy(NDArray logits, NDArray labels) {
        NDArray oneHot = labels.squeeze(1).oneHot((int) logits.getShape().get(1)).transpose(0, 3, 1, 2);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg().mean().getFloat();
    }

    private static long trainableCount(Block b) {
        long n = 0;
        for (Parameter p : b.getParameters().values()) if (p.requiresGradient()) n += p.getShape().size();
        return n;
    }

    private static void collectSeBlocks(Block b, List<Block> out) {
        if (SeBlocks.isSeBlock(b)) {
            out.add(b);
            return;
        }
        for (Block c : b.getChildren().values()) collectSeBlocks(c, out);
    }

    /** Copies every parameter of {@code from} into the parameter at the same place of {@code to}, skipping SE blocks in {@code to}. */
    private static void copyNonSeParameters(Block from, Block to) {
        List<Block> se = new ArrayList<>();
        collectSeBlocks(to, se);
        Set<Parameter> seParams = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block b : se) seParams.addAll(b.getParameters().values());
        List<Parameter> src = new ArrayList<>(from.getParameters().values());
        List<Parameter> dst = new ArrayList<>(to.getParameters().values());
        dst.removeIf(seParams::contains);
        assertEquals(src.size(), dst.size());
        assertFalse(se.isEmpty());
        for (int i = 0; i < src.size(); i++) {
            assertEquals(src.get(i).getShape(), dst.get(i).getShape(), src.get(i).getName() + " vs " + dst.get(i).getName());
            src.get(i).getArray().copyTo(dst.get(i).getArray());
        }
    }
}
