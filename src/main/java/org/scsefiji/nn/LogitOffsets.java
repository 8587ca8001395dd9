package org.scsefiji.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Adds a model's logit offsets ({@link org.scsefiji.model.NetworkSpec#logitOffsetFloats()}) to its logits, one number
 * per class. Inference, validation during training and an exported package's test output all take the arg-max and
 * softmax of the offset logits; this is the one place that adds them, so the three cannot drift apart.
 */
public final class LogitOffsets {
    private LogitOffsets() {}

    /**
     * @param logits (batch, class, y, x)
     * @param offsets one per class, or null when the model has none (then the logits are returned as they are)
     */
    public static NDArray add(NDArray logits, float[] offsets) {
        if (offsets == null) return logits;
        return logits.add(logits.getManager().create(offsets, new Shape(1, offsets.length, 1, 1)));
    }
}
