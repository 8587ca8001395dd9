package org.scsefiji.export;

import ai.onnx.proto.OnnxMl.TensorProto;

/** Tiny ONNX graphs, built with the exporter's own {@link OnnxGraph}, for tests that need a model file but no network. */
public final class TinyOnnxModels {
    /** The weights of {@link #scaledRelu()}: y = max(0, x * SCALE + SHIFT), element-wise. */
    public static final float[] SCALE = {2f, -1f, 0.5f, 3f};
    public static final float[] SHIFT = {-1f, 0.25f, 1f, -4f};
    public static final String INPUT = "x";
    public static final String OUTPUT = "y";

    private TinyOnnxModels() {
    }

    /** A graph with input {@link #INPUT} and output {@link #OUTPUT} of shape (1, 4): Mul, Add and Relu with constants. */
    public static byte[] scaledRelu() {
        OnnxGraph g = new OnnxGraph("scaled_relu");
        g.input(INPUT, TensorProto.DataType.FLOAT, 1L, 4L);
        String scaled = g.op("Mul", new String[] {INPUT, g.floats("scale", SCALE, 1, 4)});
        String shifted = g.op("Add", new String[] {scaled, g.floats("shift", SHIFT, 1, 4)});
        g.opNamed("Relu", OUTPUT, new String[] {shifted});
        g.output(OUTPUT, TensorProto.DataType.FLOAT, 1L, 4L);
        return g.model(OnnxExport.OPSET, "scSE-Fiji tests", "0", "y = max(0, x * scale + shift)").toByteArray();
    }
}
