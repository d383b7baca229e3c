package imagestream.image.dnn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the shape an ONNX model file declares for its image input, e.g. {@code [1, 3, 640, 640]}:
 * OpenCV's importer does not tell it. Only the few protobuf fields on the way are read
 * (ModelProto.graph, GraphProto.input and .initializer, ValueInfoProto.type, the tensor shape);
 * everything else, the weights included, is skipped by its length without being read.
 */
public final class OnnxInput {

  /** A dimension the file leaves open (a name such as {@code batch}, or nothing). */
  public static final long UNKNOWN = -1;

  private OnnxInput() {}

  /**
   * The declared shape of the model's first input that is not a weight: one number per
   * dimension, {@link #UNKNOWN} for an open one; empty if the file declares no shape.
   *
   * @throws IOException if the file cannot be read or is not an ONNX model
   */
  public static Optional<long[]> declaredShape(Path model) throws IOException {
    try (FileChannel file = FileChannel.open(model, StandardOpenOption.READ)) {
      if (file.size() > Integer.MAX_VALUE) {
        throw new IOException("not an ONNX model: larger than 2 GB, which one ONNX file cannot be");
      }
      Message graph = null;
      Message modelProto = new Message(file.map(FileChannel.MapMode.READ_ONLY, 0, file.size()));
      while (modelProto.hasMore()) {
        int field = modelProto.nextField();
        if (field == 7) {
          graph = modelProto.embedded();
        } else {
          modelProto.skip();
        }
      }
      if (graph == null) {
        throw new IOException("not an ONNX model: it has no graph");
      }
      return firstInput(graph);
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new IOException("not an ONNX model: " + e.getMessage(), e);
    }
  }

  private static Optional<long[]> firstInput(Message graph) {
    Set<String> weights = new HashSet<>();
    List<String> names = new ArrayList<>();
    List<Optional<long[]>> shapes = new ArrayList<>();
    while (graph.hasMore()) {
      int field = graph.nextField();
      if (field == 5) { // initializer: a weight, listed among the inputs by older exporters
        Message tensor = graph.embedded();
        while (tensor.hasMore()) {
          if (tensor.nextField() == 8) {
            weights.add(tensor.string());
          } else {
            tensor.skip();
          }
        }
      } else if (field == 11) { // input: a ValueInfoProto
        Message input = graph.embedded();
        String name = "";
        Optional<long[]> shape = Optional.empty();
        while (input.hasMore()) {
          int f = input.nextField();
          if (f == 1) {
            name = input.string();
          } else if (f == 2) {
            shape = tensorShape(input.embedded());
          } else {
            input.skip();
          }
        }
        names.add(name);
        shapes.add(shape);
      } else {
        graph.skip();
      }
    }
    for (int i = 0; i < names.size(); i++) {
      if (!weights.contains(names.get(i))) {
        return shapes.get(i);
      }
    }
    return Optional.empty();
  }

  /** TypeProto.tensor_type (1) -> TypeProto.Tensor.shape (2) -> TensorShapeProto.dim (1)... */
  private static Optional<long[]> tensorShape(Message type) {
    Message tensor = only(type, 1);
    Message shape = tensor == null ? null : only(tensor, 2);
    if (shape == null) {
      return Optional.empty();
    }
    List<Long> dims = new ArrayList<>();
    while (shape.hasMore()) {
      if (shape.nextField() != 1) {
        shape.skip();
        continue;
      }
      Message dim = shape.embedded();
      long value = UNKNOWN;
      while (dim.hasMore()) {
        if (dim.nextField() == 1 && dim.wireType() == 0) {
          value = dim.varint();
        } else {
          dim.skip();
        }
      }
      dims.add(value > 0 ? value : UNKNOWN);
    }
    return Optional.of(dims.stream().mapToLong(Long::longValue).toArray());
  }

  private static Message only(Message message, int wanted) {
    Message found = null;
    while (message.hasMore()) {
      if (message.nextField() == wanted && message.wireType() == 2) {
        found = message.embedded();
      } else {
        message.skip();
      }
    }
    return found;
  }

  /** One protobuf message: its fields in order (wire format: a key varint, then the value). */
  private static final class Message {
    private final ByteBuffer bytes;
    private int key;

    Message(ByteBuffer bytes) {
      this.bytes = bytes;
    }

    boolean hasMore() {
      return bytes.hasRemaining();
    }

    int nextField() {
      key = (int) varint();
      return key >>> 3;
    }

    int wireType() {
      return key & 7;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = bytes.get();
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("a number longer than 10 bytes");
    }

    Message embedded() {
      int length = length();
      ByteBuffer inner = bytes.slice(bytes.position(), length);
      bytes.position(bytes.position() + length);
      return new Message(inner);
    }

    String string() {
      int length = length();
      byte[] text = new byte[length];
      bytes.get(text);
      return new String(text, StandardCharsets.UTF_8);
    }

    void skip() {
      switch (wireType()) {
        case 0 -> varint();
        case 1 -> bytes.position(bytes.position() + 8);
        case 2 -> {
          int length = length(); // read first: it moves past the length's own bytes
          bytes.position(bytes.position() + length);
        }
        case 5 -> bytes.position(bytes.position() + 4);
        default -> throw new IllegalArgumentException("wire type " + wireType() + " unknown");
      }
    }

    private int length() {
      if (wireType() != 2) {
        throw new IllegalArgumentException("field " + (key >>> 3) + " is not length-delimited");
      }
      long length = varint();
      if (length < 0 || length > bytes.remaining()) {
        throw new IllegalArgumentException("a field longer than the file");
      }
      return (int) length;
    }
  }
}
