package org.scsefiji.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Java arrays that a segment call reads each forward's outputs into, and the direct buffer its inputs go
 * through (see {@link #input}), reused from tile to tile: read
 * straight from the native tensor (no intermediate array), they grow to the largest batch once. New
 * arrays per tile (about 100 MB for a 2304 x 2608 tile) made G1 grow its heap with the number of tiles.
 * Each read overwrites the previous one's values.
 */
final class TileBuffers {
    private int[] labels = new int[0];
    private float[] confidence = new float[0];
    private float[] probabilities = new float[0];
    private ByteBuffer nativeInput;

    /**
     * A tensor of libtorch's own holding {@code values[0..shape.size())}. DJL copies a Java array into a new
     * direct buffer that the tensor keeps, and only a garbage collection frees it: with the per-tile garbage
     * gone, collections became rare and these buffers piled up outside the heap (8192 x 8192: 4.7 GB peak RSS,
     * 2.3 GB with a direct-memory cap). So the input goes through one direct buffer, reused, and the tensor
     * made on it is cloned into libtorch's memory at once, leaving the buffer free for the next forward.
     */
    NDArray input(NDManager manager, float[] values, Shape shape) {
        int n = Math.toIntExact(shape.size());
        if (nativeInput == null || nativeInput.capacity() < 4L * n) nativeInput = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        ByteBuffer view = nativeInput.duplicate().order(ByteOrder.nativeOrder());
        view.clear();
        view.asFloatBuffer().put(values, 0, n);
        view.limit(4 * n);
        try (NDArray onBuffer = manager.create(view, shape, DataType.FLOAT32)) {
            return onBuffer.duplicate();
        }
    }

    /** The values of an INT32 array, in its flat order. */
    int[] labels(NDArray values) {
        int n = size(values, DataType.INT32);
        if (labels.length < n) labels = new int[n];
        values.toByteBuffer(true).order(ByteOrder.nativeOrder()).asIntBuffer().get(labels, 0, n);
        return labels;
    }

    /** The values of a FLOAT32 array (each pixel's highest class probability), in its flat order. */
    float[] confidence(NDArray values) {
        confidence = floats(values, confidence);
        return confidence;
    }

    /** The values of a FLOAT32 array (class probabilities), in its flat order. */
    float[] probabilities(NDArray values) {
        probabilities = floats(values, probabilities);
        return probabilities;
    }

    /** The values of a FLOAT32 array in {@code reuse}, or in a larger new array when they do not fit. */
    private static float[] floats(NDArray values, float[] reuse) {
        int n = size(values, DataType.FLOAT32);
        float[] a = reuse.length < n ? new float[n] : reuse;
        values.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer().get(a, 0, n);
        return a;
    }

    private static int size(NDArray values, DataType type) {
        if (values.getDataType() != type) throw new IllegalStateException("Expected a " + type + " array, got " + values.getDataType());
        return Math.toIntExact(values.size());
    }
}
