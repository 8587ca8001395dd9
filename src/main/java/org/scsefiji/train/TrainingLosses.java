package org.scsefiji.train;

import ai.djl.training.loss.Loss;
import java.util.Arrays;
import org.scsefiji.model.NetworkSpec;
import org.scsefiji.train.loss.BoundaryWeightMap;
import org.scsefiji.train.loss.CombinedLoss;
import org.scsefiji.train.loss.ContactWeightMap;
import org.scsefiji.train.loss.HybridLogarithmicLoss;
import org.scsefiji.train.loss.ObjectSizeWeightMap;
import org.scsefiji.train.loss.PixelWeightMap;
import org.scsefiji.train.loss.SoftDiceLoss;
import org.scsefiji.train.loss.WeightedCrossEntropyLoss;

/** The loss, class weights and pixel weight map a config asks for. */
final class TrainingLosses {
    private TrainingLosses() {
    }

    /** @param medianFrequency median-frequency weights of the training labels */
    static float[] classWeights(TrainingConfig config, float[] medianFrequency) {
        if (config.classWeights() == TrainingConfig.ClassWeighting.MEDIAN_FREQUENCY) return medianFrequency.clone();
        float[] ones = new float[medianFrequency.length];
        Arrays.fill(ones, 1f);
        return ones;
    }

    static Loss loss(TrainingConfig config, float[] classWeights) {
        switch (config.loss()) {
            case CE_DICE:
                return CombinedLoss.crossEntropyPlusDice(classWeights);
            case CE:
                return new WeightedCrossEntropyLoss(classWeights);
            case DICE:
                return new SoftDiceLoss(classWeights, SoftDiceLoss.DEFAULT_EPSILON);
            case HYBRID_LOG:
                return HybridLogarithmicLoss.builder(classWeights).build();
            default:
                throw new IllegalStateException("Unknown loss " + config.loss());
        }
    }

    /**
     * ReLayNet's boundary/foreground weights (non-background classes weighted), U-Net's weights where objects
     * touch (w0 = boundary_weight), small objects weighted up to the training objects' typical area (at most
     * boundary_weight), or null.
     *
     * @param objectDiameter the training objects' typical diameter in pixels (0 without object ids)
     */
    static PixelWeightMap weightMap(TrainingConfig config, NetworkSpec spec, double objectDiameter) {
        if (config.weightMap() == TrainingConfig.WeightMapChoice.NONE) return null;
        if (config.weightMap() == TrainingConfig.WeightMapChoice.CONTACTS) return new ContactWeightMap(config.boundaryWeight());
        if (config.weightMap() == TrainingConfig.WeightMapChoice.OBJECTS) {
            if (!(objectDiameter > 0)) {
                throw new IllegalArgumentException("weight_map objects weighs each object by its size: it needs instance_labels"
                        + " (label images of object ids) with objects in them");
            }
            // the diameter is that of a disc of the typical area (DataCheck.objectDiameter), so this gives that area back
            return new ObjectSizeWeightMap(Math.PI * objectDiameter * objectDiameter / 4, config.boundaryWeight());
        }
        return new BoundaryWeightMap(config.boundaryWeight(), config.foregroundWeight(),
                spec.classes().stream().filter(c -> !c.background()).mapToInt(c -> c.index()).toArray());
    }
}
