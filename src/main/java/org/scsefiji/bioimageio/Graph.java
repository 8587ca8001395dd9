package org.scsefiji.bioimageio;

import ai.djl.ndarray.NDArray;

/** An imported network's weights, run on one tensor laid out as the package's input axes say. */
interface Graph extends AutoCloseable {
    /** The output tensor, in the package's output axes, on {@code x}'s manager. */
    NDArray run(NDArray x);

    /** "ONNX" or "TorchScript", for messages. */
    String format();

    @Override
    void close();
}
