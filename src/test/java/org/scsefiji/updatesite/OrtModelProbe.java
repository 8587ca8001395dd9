package org.scsefiji.updatesite;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Started in a child JVM by {@link PlatformNativesTest} with only a staged ONNX Runtime jar (and the test classes)
 * on the path: loads an ONNX model (args: model file, input name, output name, the (1, n) input values), runs it
 * and prints where ONNX Runtime came from and the output. Refers to nothing but ONNX Runtime and the JDK.
 */
public final class OrtModelProbe {
    private OrtModelProbe() {
    }

    public static void main(String[] args) throws Exception {
        byte[] model = Files.readAllBytes(Paths.get(args[0]));
        float[] input = new float[args.length - 3];
        for (int i = 3; i < args.length; i++) input[i - 3] = Float.parseFloat(args[i]);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.println("ort-jar " + OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("ort-module " + OrtEnvironment.class.getModule().getName());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                    OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, input.length});
                    OrtSession.Result r = session.run(Map.of(args[1], x))) {
                FloatBuffer y = ((OnnxTensor) r.get(args[2]).get()).getFloatBuffer();
                StringBuilder line = new StringBuilder("output");
                while (y.hasRemaining()) line.append(' ').append(y.get());
                System.out.println(line);
            }
        }
    }
}
