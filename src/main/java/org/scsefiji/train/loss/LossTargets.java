package org.scsefiji.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.scsefiji.model.ClassInfo;

/** One batch's labels, checked against the logits and turned into the tensors every loss term needs. */
final class LossTargets {
    /** (N,K,H,W) float32 one-hot ground truth, all zero at ignore pixels. */
    final NDArray oneHot;
    /** (N,H,W) float32: 1 where labelled, 0 at ignore pixels. */
    final NDArray valid;
    /** (N,H,W) float32 pixel weight map, 0 at ignore pixels. */
    final NDArray pixelWeights;
    /** Scalar float32: number of labelled pixels, at least 1 so an all-ignore batch gives 0, not NaN. */
    final NDArray validCount;

    private LossTargets(NDArray oneHot, NDArray valid, NDArray pixelWeights, NDArray validCount) {
        this.oneHot = oneHot;
        this.valid = valid;
        this.pixelWeights = pixelWeights;
        this.validCount = validCount;
    }

    /**
     * labels = {classMap (N,H,W), optional weightMap (N,H,W)}; a missing weight map means all ones.
     * Arrays are created in the logits' manager (the caller's scope).
     */
    static LossTargets of(NDList labels, NDArray logits, int classCount) {
        Shape ls = logits.getShape();
        if (ls.dimension() != 4 || ls.get(1) != classCount) {
            throw new IllegalArgumentException("Loss expects logits (batch, " + classCount + " classes, height, width), got "
                    + ls);
        }
        if (logits.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("Loss expects float32 logits, got " + logits.getDataType());
        }
        if (labels == null || labels.isEmpty() || labels.size() > 2) {
            throw new IllegalArgumentException("Loss expects labels {class map, weight map}, got "
                    + (labels == null ? 0 : labels.size()) + " arrays");
        }
        Shape pixels = new Shape(ls.get(0), ls.get(2), ls.get(3));
        NDArray classMap = labels.get(0);
        requireShape("class map", classMap, pixels);

        NDArray classes = classMap.toType(DataType.INT64, false);
        NDArray labelled = classes.neq(ClassInfo.IGNORE_LABEL);
        NDArray validLong = labelled.toType(DataType.INT64, false);
        NDArray safe = classes.mul(validLong); // ignore pixels become class 0 and are masked below
        checkRange(safe, classCount);
        NDArray valid = labelled.toType(DataType.FLOAT32, false);
        NDArray oneHot = safe.oneHot(classCount, DataType.FLOAT32).transpose(0, 3, 1, 2).mul(valid.expandDims(1));

        NDArray weights = valid;
        if (labels.size() == 2) {
            NDArray weightMap = labels.get(1);
            requireShape("weight map", weightMap, pixels);
            weights = weightMap.toType(DataType.FLOAT32, false).mul(valid);
        }
        return new LossTargets(oneHot, valid, weights, valid.sum().maximum(1f));
    }

    private static void requireShape(String what, NDArray a, Shape expected) {
        if (!a.getShape().equals(expected)) {
            throw new IllegalArgumentException("Loss: the " + what + " must have shape (batch, height, width) = " + expected
                    + " to match the logits, got " + a.getShape());
        }
    }

    private static void checkRange(NDArray safeClasses, int classCount) {
        long min = safeClasses.min().getLong();
        long max = safeClasses.max().getLong();
        if (min < 0 || max >= classCount) {
            long bad = min < 0 ? min : max;
            throw new IllegalArgumentException("Label value " + bad + " is not a class: classes are 0.." + (classCount - 1)
                    + " and " + ClassInfo.IGNORE_LABEL + " marks pixels that are not annotated");
        }
    }
}
