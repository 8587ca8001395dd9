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

    /**
     * Labels, each pixel's highest class probability and, when asked, the class probabilities of logits shaped
     * (n, classes, h, w), in one pass over one copy of the logits (read into the probabilities' array and
     * turned into probabilities there). Labels are the arg-max of the logits, the first class on ties as
     * libtorch's argmax; probabilities the softmax over the classes. Three libtorch reductions over the class
     * axis (arg-max, softmax, max), strided, cost about a tenth of a small network's whole forward.
     */
    void classify(NDArray logits, boolean withProbabilities) {
        Shape s = logits.getShape();
        int n = Math.toIntExact(s.get(0));
        int classes = Math.toIntExact(s.get(1));
        int pixels = Math.toIntExact(s.get(2) * s.get(3));
        probabilities = floats(logits, probabilities);
        float[] v = probabilities;
        if (labels.length < n * pixels) labels = new int[n * pixels];
        if (confidence.length < n * pixels) confidence = new float[n * pixels];
        double[] e = new double[classes]; // one pixel's exp(logit - max), computed once
        for (int b = 0; b < n; b++) {
            int base = b * classes * pixels;
            for (int i = 0; i < pixels; i++) {
                int best = 0;
                float max = v[base + i];
                for (int c = 1; c < classes; c++) {
                    float x = v[base + c * pixels + i];
                    if (x > max) {
                        max = x;
                        best = c;
                    }
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    e[c] = Math.exp(v[base + c * pixels + i] - max);
                    sum += e[c];
                }
                labels[b * pixels + i] = best;
                confidence[b * pixels + i] = (float) (1 / sum);
                if (withProbabilities) {
                    for (int c = 0; c < classes; c++) v[base + c * pixels + i] = (float) (e[c] / sum);
                }
            }
        }
    }

    /** The labels of the last {@link #classify}, n x h x w. */
    int[] labels() {
        return labels;
    }

    /** Per pixel the highest class probability, of the last {@link #classify}. */
    float[] confidence() {
        return confidence;
    }

    /** The class probabilities of the last {@link #classify} that asked for them, n x classes x h x w. */
    float[] probabilities() {
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
