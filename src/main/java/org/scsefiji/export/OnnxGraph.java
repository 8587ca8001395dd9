package org.scsefiji.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.Arrays;

/**
 * Builds one ONNX graph with the protobuf messages of {@code ai.onnx.proto.OnnxMl}: constants
 * (initializers), nodes with attributes, typed inputs and outputs whose dimensions are numbers or
 * symbolic names. Every value gets a fresh unique name from a hint, so the graph reads like the code
 * that made it.
 */
final class OnnxGraph {
    /** ONNX IR version 8 (ONNX 1.10+): every runtime of the last years reads it. */
    static final long IR_VERSION = 8;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A fresh value name. */
    String fresh(String hint) {
        return hint + "_" + counter++;
    }

    String floats(String hint, float[] values, long... dims) {
        check(values.length, dims, hint);
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long d : dims) t.addDims(d);
        for (float v : values) t.addFloatData(v);
        graph.addInitializer(t);
        return name;
    }

    String longs(String hint, long... values) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) t.addInt64Data(v);
        graph.addInitializer(t);
        return name;
    }

    /** A 0-D int64 constant. */
    String scalarLong(String hint, long value) {
        String name = fresh(hint);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value));
        return name;
    }

    /** A node with one output; returns the output's name. */
    String op(String type, String[] inputs, AttributeProto... attributes) {
        return op(type, 1, inputs, attributes)[0];
    }

    /** A node with several outputs. An empty input name means "optional input left out", as ONNX defines. */
    String[] op(String type, int outputs, String[] inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(fresh(type.toLowerCase(java.util.Locale.ROOT)));
        for (String in : inputs) n.addInput(in);
        String[] out = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            out[i] = fresh(type.toLowerCase(java.util.Locale.ROOT) + "_out");
            n.addOutput(out[i]);
        }
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
        return out;
    }

    /** A node whose single output gets the given (graph output) name. */
    void opNamed(String type, String output, String[] inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(type).setName(fresh(type.toLowerCase(java.util.Locale.ROOT)));
        for (String in : inputs) n.addInput(in);
        n.addOutput(output);
        for (AttributeProto a : attributes) n.addAttribute(a);
        graph.addNode(n);
    }

    /** @param dims each a Long (fixed) or a String (symbolic, e.g. "height") */
    void input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    ModelProto model(int opset, String producer, String producerVersion, String docString) {
        return ModelProto.newBuilder().setIrVersion(IR_VERSION).setProducerName(producer).setProducerVersion(producerVersion)
                .setDocString(docString).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String) dim.setDimParam((String) d);
            else dim.setDimValue(((Number) d).longValue());
            shape.addDim(dim);
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    private static void check(int count, long[] dims, String hint) {
        long n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        if (n != count) throw new IllegalArgumentException(hint + ": " + count + " values for shape " + Arrays.toString(dims));
    }
}
