package org.scsefiji.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for arithmetic on tensors that need gradients. DJL's {@code x.mul(2f)}, {@code div},
 * {@code maximum(Number)} build the scalar with {@code torch::from_blob} over a Java direct buffer and
 * close it right after the operation; autograd keeps that tensor for the backward pass, and once the
 * garbage collector frees the buffer the backward reads freed memory: wrong gradients or NaN, at random
 * (measured on DJL 0.35.1: 32 of 50 backward passes of {@code x.div(3f)} were wrong after a GC). Tensors
 * made here are allocated by libtorch, which keeps them alive as long as autograd needs them. Use them
 * (or any tensor computed by an operation) for every constant that meets a tensor with a gradient.
 */
public final class TorchScalars {
    private TorchScalars() {
    }

    /** A 0-d tensor holding {@code value}, in {@code like}'s manager, device and data type. */
    public static NDArray of(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    /**
     * A copy owned by libtorch of an array made from Java data ({@code manager.create(float[])} wraps the
     * Java buffer), for constants such as class weights that take part in an autograd graph.
     */
    public static NDArray owned(NDArray javaBacked) {
        return javaBacked.duplicate();
    }
}
