package org.scsefiji.bioimageio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.scsefiji.engine.TorchEngine;
import org.scsefiji.model.ModelFileException;

/** ONNX weights in ONNX Runtime (CPU), the engine deepImageJ and the bioimage.io tools use for them too. */
final class OnnxRuntimeGraph implements Graph {
    private final OrtSession session;
    private final String input;
    private final String output;

    OnnxRuntimeGraph(byte[] onnx, Path file, String outputId) throws ModelFileException {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                // the same thread count as PyTorch when the user set one (scse.threads), else ONNX Runtime's default
                int threads = Integer.getInteger(TorchEngine.THREADS, 0);
                if (threads > 0) options.setIntraOpNumThreads(threads);
                session = env.createSession(onnx, options);
            }
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            throw new ModelFileException(file, "ONNX Runtime cannot load its ONNX weights (" + e.getMessage() + ")", e);
        }
        if (session.getInputNames().size() != 1) {
            close();
            throw new ModelFileException(file, "its ONNX graph has " + session.getInputNames().size() + " inputs; only single-input"
                    + " models can be imported", null);
        }
        input = session.getInputNames().iterator().next();
        output = session.getOutputNames().contains(outputId) ? outputId : session.getOutputNames().iterator().next();
    }

    @Override
    public NDArray run(NDArray x) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloatArray()), x.getShape().getShape());
                OrtSession.Result r = session.run(Map.of(input, t))) {
            OnnxTensor out = (OnnxTensor) r.get(output).orElseThrow(() -> new IllegalStateException("ONNX Runtime gave no " + output));
            FloatBuffer b = out.getFloatBuffer();
            if (b == null) throw new IllegalStateException("The ONNX graph's output " + output + " is not float32");
            float[] values = new float[b.remaining()];
            b.get(values);
            return x.getManager().create(values, new Shape(out.getInfo().getShape()));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on an input of shape " + x.getShape() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String format() {
        return "ONNX";
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
