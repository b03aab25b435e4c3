package dev.selection.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX {@code ModelProto} (IR version 8, default opset 13) from nodes and float
 * initialisers, writing the protobuf directly. Field numbers follow {@code onnx/onnx.proto3} (onnx
 * 1.12): ModelProto ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8;
 * GraphProto node=1, name=2, initializer=5, input=11, output=12; NodeProto input=1, output=2,
 * name=3, op_type=4, attribute=5; AttributeProto name=1, f=2, i=3, floats=7, ints=8, type=20;
 * TensorProto dims=1, data_type=2, name=8, raw_data=9; ValueInfoProto name=1, type=2; TypeProto
 * tensor_type=1; TypeProto.Tensor elem_type=1, shape=2; TensorShapeProto dim=1; Dimension
 * dim_value=1, dim_param=2. Not thread-safe.
 */
public final class OnnxGraphBuilder {
  /** ONNX {@code TensorProto.DataType.FLOAT}. */
  private static final int FLOAT = 1;

  private static final int ATTR_FLOAT = 1;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();
  private int nodeCount;

  /**
   * Declares a float graph input; a negative dimension becomes the symbolic batch dimension "N".
   */
  public OnnxGraphBuilder input(String name, long... dims) {
    inputs.add(valueInfo(name, dims));
    return this;
  }

  /** Declares a float graph output; a negative dimension becomes the symbolic dimension "N". */
  public OnnxGraphBuilder output(String name, long... dims) {
    outputs.add(valueInfo(name, dims));
    return this;
  }

  /** Adds a float32 initialiser (little-endian raw data). */
  public OnnxGraphBuilder initializer(String name, float[] values, long... dims) {
    long count = 1;
    for (long d : dims) {
      count *= d;
    }
    if (count != values.length) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values for shape product " + count);
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    ProtoWriter t = new ProtoWriter().packedVarints(1, dims).varint(2, FLOAT).string(8, name);
    t.bytes(9, raw.array());
    initializers.add(t);
    return this;
  }

  /** Starts a node; finish it with {@link Node#add()}. */
  public Node node(String opType, String[] nodeInputs, String... nodeOutputs) {
    return new Node(opType, nodeInputs, nodeOutputs);
  }

  /** Returns the serialised {@code ModelProto}. */
  public byte[] build(String graphName, String producer, String producerVersion) {
    ProtoWriter graph = new ProtoWriter();
    for (ProtoWriter n : nodes) {
      graph.message(1, n);
    }
    graph.string(2, graphName);
    for (ProtoWriter t : initializers) {
      graph.message(5, t);
    }
    for (ProtoWriter i : inputs) {
      graph.message(11, i);
    }
    for (ProtoWriter o : outputs) {
      graph.message(12, o);
    }
    ProtoWriter opset = new ProtoWriter().string(1, "").varint(2, 13);
    return new ProtoWriter()
        .varint(1, 8)
        .string(2, producer)
        .string(3, producerVersion)
        .message(7, graph)
        .message(8, opset)
        .toByteArray();
  }

  private static ProtoWriter valueInfo(String name, long... dims) {
    ProtoWriter shape = new ProtoWriter();
    for (long d : dims) {
      ProtoWriter dim = new ProtoWriter();
      if (d < 0) {
        dim.string(2, "N");
      } else {
        dim.varint(1, d);
      }
      shape.message(1, dim);
    }
    ProtoWriter tensor = new ProtoWriter().varint(1, FLOAT).message(2, shape);
    ProtoWriter type = new ProtoWriter().message(1, tensor);
    return new ProtoWriter().string(1, name).message(2, type);
  }

  /** One node under construction. */
  public final class Node {
    private final ProtoWriter proto = new ProtoWriter();
    private final List<ProtoWriter> attributes = new ArrayList<>();

    private Node(String opType, String[] nodeInputs, String[] nodeOutputs) {
      for (String in : nodeInputs) {
        proto.string(1, in);
      }
      for (String out : nodeOutputs) {
        proto.string(2, out);
      }
      proto.string(3, opType.toLowerCase(java.util.Locale.ROOT) + "_" + nodeCount++);
      proto.string(4, opType);
    }

    /** Adds an INTS attribute. */
    public Node ints(String name, long... values) {
      ProtoWriter a = new ProtoWriter().string(1, name);
      for (long v : values) {
        a.varint(8, v);
      }
      attributes.add(a.varint(20, ATTR_INTS));
      return this;
    }

    /** Adds an INT attribute. */
    public Node integer(String name, long value) {
      attributes.add(new ProtoWriter().string(1, name).varint(3, value).varint(20, ATTR_INT));
      return this;
    }

    /** Adds a FLOAT attribute. */
    public Node real(String name, float value) {
      attributes.add(new ProtoWriter().string(1, name).float32(2, value).varint(20, ATTR_FLOAT));
      return this;
    }

    /** Appends the node to the graph. */
    public OnnxGraphBuilder add() {
      for (ProtoWriter a : attributes) {
        proto.message(5, a);
      }
      nodes.add(proto);
      return OnnxGraphBuilder.this;
    }
  }
}
