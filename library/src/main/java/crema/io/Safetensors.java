package crema.io;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import crema.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes <a href="https://github.com/huggingface/safetensors">safetensors</a> files, the
 * format PyTorch users save a {@code state_dict} in ({@code safetensors.torch.save_file}).
 *
 * <p>The layout: an 8-byte little-endian unsigned header length {@code n}; {@code n} bytes of JSON
 * mapping each tensor name to {@code {"dtype": "F32", "shape": [6, 1, 5, 5], "data_offsets":
 * [begin, end]}} (plus an optional {@code "__metadata__"} object of strings); then the raw
 * little-endian data, where the offsets are relative to the end of the header.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("lenet.safetensors"), model.stateDict());
 * model.loadStateDict(Safetensors.read(Path.of("lenet.safetensors")));
 * }</pre>
 *
 * <p>F32 is read and written. F64, F16, BF16, I64 and I32 are read and converted to float32, with a
 * one-line note on {@code System.err}; any other type is an error naming the tensor and the file.
 * Writes go to a temporary file in the same directory, renamed over the target at the end, so a
 * crash never leaves a half-written checkpoint.
 */
public final class Safetensors {
  /** Larger headers are refused: a corrupt length would otherwise allocate gigabytes. */
  private static final long MAX_HEADER_BYTES = 100L << 20;

  private static final String METADATA = "__metadata__";

  private Safetensors() {}

  /**
   * Reads every tensor of a safetensors file, in the order of the file's data, ready for {@code
   * Module.loadStateDict}. Tensors stored in another type are converted to float32.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a valid safetensors file (the message
   *     names the file and the problem)
   */
  public static LinkedHashMap<String, Tensor> read(Path file) {
    var out = new LinkedHashMap<String, Tensor>();
    readEntries(file).forEach((k, e) -> out.put(k, Tensor.wrap(e.data(), e.shape())));
    return out;
  }

  /** Writes tensors (e.g. {@code model.stateDict()}) as float32, in the map's order, atomically. */
  public static void write(Path file, Map<String, ? extends Tensor> tensors) {
    write(file, tensors, Map.of());
  }

  /** Writes tensors with {@code __metadata__} strings, atomically. */
  public static void write(
      Path file, Map<String, ? extends Tensor> tensors, Map<String, String> metadata) {
    var entries = new LinkedHashMap<String, SafetensorsEntry>();
    tensors.forEach((k, t) -> entries.put(k, new SafetensorsEntry(t.shape(), t.data())));
    writeEntries(file, entries, metadata);
  }

  /**
   * Reads every tensor of a safetensors file as float32 data, in the order of the file's data.
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException when the file is not a valid safetensors file (the message
   *     names the file and the problem)
   */
  public static LinkedHashMap<String, SafetensorsEntry> readEntries(Path file) {
    ParsedFile parsed = parse(file);
    var out = new LinkedHashMap<String, SafetensorsEntry>();
    List<String> converted = new ArrayList<>();
    for (Header h : parsed.headers) {
      DType type = DType.parse(h.dtype);
      if (type == null) {
        throw corrupt(
            file,
            "tensor '"
                + h.name
                + "' has dtype "
                + h.dtype
                + ", which Crema cannot read (supported: "
                + Arrays.toString(DType.values())
                + ")");
      }
      long numel = SafetensorsEntry.numel(h.shape);
      if (numel * type.bytes() != h.end - h.begin) {
        throw corrupt(
            file,
            "tensor '"
                + h.name
                + "' has shape "
                + Arrays.toString(h.shape)
                + " of "
                + h.dtype
                + " ("
                + numel * type.bytes()
                + " bytes) but data_offsets span "
                + (h.end - h.begin)
                + " bytes");
      }
      if (numel > Integer.MAX_VALUE - 8) {
        throw corrupt(file, "tensor '" + h.name + "' is too large for a Java array");
      }
      ByteBuffer slice =
          parsed
              .data
              .duplicate()
              .position((int) h.begin)
              .limit((int) h.end)
              .slice()
              .order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[(int) numel];
      type.decode(slice, values);
      if (type != DType.F32) {
        converted.add(h.name + " (" + type + ")");
      }
      out.put(h.name, new SafetensorsEntry(h.shape, values, type));
    }
    if (!converted.isEmpty()) {
      System.err.println(
          "Safetensors: "
              + file.getFileName()
              + ": converted to float32: "
              + (converted.size() <= 6
                  ? String.join(", ", converted)
                  : String.join(", ", converted.subList(0, 6))
                      + " and "
                      + (converted.size() - 6)
                      + " more"));
    }
    return out;
  }

  /** The {@code __metadata__} strings of a safetensors file (empty when it has none). */
  public static Map<String, String> readMetadata(Path file) {
    return parse(file).metadata;
  }

  /**
   * Writes float32 entries, in the map's order, atomically.
   *
   * @param metadata optional {@code __metadata__} strings (may be empty or null)
   */
  public static void writeEntries(
      Path file, Map<String, SafetensorsEntry> entries, Map<String, String> metadata) {
    JsonObject header = new JsonObject();
    if (metadata != null && !metadata.isEmpty()) {
      JsonObject meta = new JsonObject();
      metadata.forEach(meta::addProperty);
      header.add(METADATA, meta);
    }
    long offset = 0;
    for (var e : entries.entrySet()) {
      if (e.getKey().equals(METADATA)) {
        throw new IllegalArgumentException("Safetensors.write: '" + METADATA + "' is reserved");
      }
      SafetensorsEntry t = e.getValue();
      JsonObject info = new JsonObject();
      info.addProperty("dtype", "F32");
      JsonArray shape = new JsonArray();
      for (int d : t.shape()) shape.add(d);
      info.add("shape", shape);
      JsonArray offsets = new JsonArray();
      offsets.add(offset);
      offset += 4L * t.data().length;
      offsets.add(offset);
      info.add("data_offsets", offsets);
      header.add(e.getKey(), info);
    }
    byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
    // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(padded).put(json);
    while (head.hasRemaining()) head.put((byte) ' ');
    head.flip();

    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        writeFully(ch, head);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (SafetensorsEntry t : entries.values()) {
          float[] data = t.data();
          int i = 0;
          while (i < data.length) {
            int n = Math.min(buf.capacity() / 4, data.length - i);
            buf.clear();
            buf.asFloatBuffer().put(data, i, n);
            buf.limit(4 * n);
            writeFully(ch, buf);
            i += n;
          }
        }
        ch.force(true);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("Safetensors.write: cannot write " + file + ": " + e, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The original error matters more than a leftover temporary file.
        }
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) ch.write(buf);
  }

  // ---------------------------------------------------------------- parsing

  private record Header(String name, String dtype, int[] shape, long begin, long end) {}

  private record ParsedFile(List<Header> headers, Map<String, String> metadata, ByteBuffer data) {}

  private static ParsedFile parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Safetensors.read: cannot read " + file + ": " + e, e);
    }
    if (bytes.length < 8) {
      throw corrupt(file, "only " + bytes.length + " bytes, shorter than the 8-byte header length");
    }
    ByteBuffer all = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = all.getLong(0);
    if (n < 2 || n > MAX_HEADER_BYTES || n > bytes.length - 8L) {
      throw corrupt(
          file,
          "header length "
              + Long.toUnsignedString(n)
              + " does not fit in a file of "
              + bytes.length
              + " bytes (truncated or not a safetensors file)");
    }
    String json = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
    JsonObject root;
    try {
      JsonElement el = JsonParser.parseString(json);
      if (!el.isJsonObject()) throw new JsonParseException("the header is not a JSON object");
      root = el.getAsJsonObject();
    } catch (JsonParseException e) {
      throw corrupt(file, "header is not valid JSON: " + e.getMessage());
    }
    ByteBuffer data = all.duplicate().position(8 + (int) n).slice();
    long dataLen = data.remaining();
    var headers = new ArrayList<Header>();
    var metadata = new LinkedHashMap<String, String>();
    for (var e : root.entrySet()) {
      String name = e.getKey();
      try {
        JsonObject o = e.getValue().getAsJsonObject();
        if (name.equals(METADATA)) {
          for (var m : o.entrySet()) metadata.put(m.getKey(), m.getValue().getAsString());
          continue;
        }
        String dtype = o.get("dtype").getAsString();
        JsonArray sh = o.getAsJsonArray("shape");
        int[] shape = new int[sh.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).getAsInt();
        JsonArray off = o.getAsJsonArray("data_offsets");
        long begin = off.get(0).getAsLong();
        long end = off.get(1).getAsLong();
        if (begin < 0 || end < begin || end > dataLen) {
          throw corrupt(
              file,
              "tensor '"
                  + name
                  + "' has data_offsets ["
                  + begin
                  + ", "
                  + end
                  + "] outside the "
                  + dataLen
                  + " data bytes (truncated file?)");
        }
        headers.add(new Header(name, dtype, shape, begin, end));
      } catch (IllegalStateException | NullPointerException | UnsupportedOperationException ex) {
        throw corrupt(file, "malformed header entry '" + name + "': " + e.getValue());
      }
    }
    headers.sort(Comparator.comparingLong(Header::begin));
    return new ParsedFile(headers, metadata, data);
  }

  private static IllegalArgumentException corrupt(Path file, String problem) {
    return new IllegalArgumentException("Safetensors.read: " + file + ": " + problem);
  }
}
