package org.scsefiji.nn.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A DJL {@link ai.djl.nn.SequentialBlock} that frees each layer's output as soon as the next layer has read it, as
 * PyTorch's {@code nn.Sequential} does by reference counting. DJL's keeps every intermediate (each BN,
 * activation and convolution output) until the caller's manager closes: inside a FocusNet++ block at full
 * resolution that is a dozen maps more at the peak, and in training it keeps backward from freeing the
 * activations it has used. Closing drops only this handle: autograd keeps whatever backward needs.
 *
 * <p>It keeps the simple name {@code SequentialBlock} on purpose: a sequential block names its children after
 * their class, and parameter names ({@code 01enc0_01attention0_01SequentialBlock_01BatchNorm_gamma}) are part of
 * saved models and of the PyTorch twin.
 */
final class SequentialBlock extends ai.djl.nn.SequentialBlock {
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList current = inputs;
        for (Block b : children.values()) {
            NDList next = b.forward(ps, current, training);
            if (current != inputs) {
                for (NDArray a : current) {
                    if (!passedOn(a, next)) a.close();
                }
            }
            current = next;
        }
        return current;
    }

    /** Whether a layer handed this very array on (an identity layer): then it is not an intermediate yet. */
    private static boolean passedOn(NDArray a, NDList next) {
        for (NDArray b : next) {
            if (b == a) return true;
        }
        return false;
    }
}
