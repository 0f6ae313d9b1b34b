package crema.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors format at the float[] level, against files written by a Python script. */
class SafetensorsEntriesTest {
  @TempDir Path dir;

  static Path resource(String name) throws IOException {
    try (InputStream in = SafetensorsEntriesTest.class.getResourceAsStream(name)) {
      if (in == null) throw new IOException("missing test resource " + name);
      Path tmp = Files.createTempFile("crema-test", name);
      Files.write(tmp, in.readAllBytes());
      tmp.toFile().deleteOnExit();
      return tmp;
    }
  }

  @Test
  void readsEveryDtypeAsPyTorchConvertsIt() throws IOException {
    var entries = Safetensors.readEntries(resource("all_dtypes.safetensors"));
    JsonObject expected;
    try (var r =
        new InputStreamReader(
            getClass().getResourceAsStream("all_dtypes.json"), StandardCharsets.UTF_8)) {
      expected = JsonParser.parseReader(r).getAsJsonObject();
    }
    assertEquals(expected.keySet(), entries.keySet());
    for (var e : expected.entrySet()) {
      JsonObject want = e.getValue().getAsJsonObject();
      SafetensorsEntry got = entries.get(e.getKey());
      assertEquals(want.get("dtype").getAsString(), got.sourceType().name(), e.getKey());
      int[] shape =
          want.getAsJsonArray("shape").asList().stream().mapToInt(j -> j.getAsInt()).toArray();
      assertArrayEquals(shape, got.shape(), e.getKey());
      var data = want.getAsJsonArray("data").asList();
      assertEquals(data.size(), got.data().length, e.getKey());
      for (int i = 0; i < data.size(); i++) {
        String s = data.get(i).getAsString();
        float v = s.equals("inf") ? Float.POSITIVE_INFINITY : (float) data.get(i).getAsDouble();
        assertEquals(v, got.data()[i], 0f, e.getKey() + "[" + i + "]");
      }
    }
  }

  @Test
  void readsMetadata() throws IOException {
    assertEquals(
        Map.of("format", "pt", "note", "crema test"),
        Safetensors.readMetadata(resource("all_dtypes.safetensors")));
  }

  @Test
  void writesTheRealFormat() throws IOException {
    var entries = new LinkedHashMap<String, SafetensorsEntry>();
    entries.put("b.weight", new SafetensorsEntry(new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    entries.put("a", new SafetensorsEntry(new int[] {}, new float[] {-0.5f}));
    Path f = dir.resolve("x.safetensors");
    Safetensors.writeEntries(f, entries, Map.of("format", "pt"));

    byte[] bytes = Files.readAllBytes(f);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    assertEquals(0, (8 + n) % 8, "data must start 8-byte aligned");
    JsonObject header =
        JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
            .getAsJsonObject();
    assertEquals("pt", header.getAsJsonObject("__metadata__").get("format").getAsString());
    JsonObject w = header.getAsJsonObject("b.weight");
    assertEquals("F32", w.get("dtype").getAsString());
    assertEquals("[2,3]", w.get("shape").toString());
    assertEquals("[0,24]", w.get("data_offsets").toString());
    assertEquals("[24,28]", header.getAsJsonObject("a").get("data_offsets").toString());
    assertEquals(8 + n + 28, bytes.length);
    assertEquals(4f, b.getFloat((int) (8 + n) + 12));
    assertEquals(-0.5f, b.getFloat((int) (8 + n) + 24));

    assertEquals(entries, Safetensors.readEntries(f));
    assertEquals(List.of("b.weight", "a"), List.copyOf(Safetensors.readEntries(f).keySet()));
  }

  @Test
  void overwritesAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path f = dir.resolve("ckpt.safetensors");
    Files.writeString(f, "old contents");
    var entries = Map.of("w", new SafetensorsEntry(new int[] {3}, new float[] {1, 2, 3}));
    Safetensors.writeEntries(f, entries, null);
    assertArrayEquals(
        new float[] {1, 2, 3}, Safetensors.readEntries(f).get("w").data(), "new contents");
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(f), files.toList());
    }
  }

  @Test
  void truncatedFileNamesTheFileAndTheProblem() throws IOException {
    Path good = dir.resolve("good.safetensors");
    Safetensors.writeEntries(
        good, Map.of("w", new SafetensorsEntry(new int[] {4}, new float[4])), null);
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.safetensors");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 3));
    var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(cut));
    assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
    assertTrue(e.getMessage().contains("'w'"), e.getMessage());

    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[] {1, 2, 3});
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(tiny));
    assertTrue(e.getMessage().contains("tiny.safetensors"), e.getMessage());

    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "this is not a safetensors file at all");
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(text));
    assertTrue(e.getMessage().contains("header length"), e.getMessage());
  }

  @Test
  void badJsonAndUnsupportedDtypeAreClearErrors() throws IOException {
    Path bad = dir.resolve("bad.safetensors");
    Files.write(bad, withHeader("{\"w\": {\"dtype\": \"F32\", "));
    var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(bad));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());

    Path u8 = dir.resolve("u8.safetensors");
    Files.write(u8, withHeader("{\"m\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}"));
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(u8));
    assertTrue(e.getMessage().contains("'m'") && e.getMessage().contains("U8"), e.getMessage());

    Path mismatch = dir.resolve("mismatch.safetensors");
    Files.write(
        mismatch, withHeader("{\"m\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,2]}}"));
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readEntries(mismatch));
    assertTrue(e.getMessage().contains("[3]"), e.getMessage());
  }

  @Test
  void entryChecksItsShape() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SafetensorsEntry(new int[] {2, 2}, new float[3]));
    assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
  }

  @Test
  void halfPrecisionCornerCases() {
    assertEquals(1f, DType.halfToFloat((short) 0x3c00));
    assertEquals(-2f, DType.halfToFloat((short) 0xc000));
    assertEquals(0x1p-24f, DType.halfToFloat((short) 0x0001));
    assertTrue(Float.isNaN(DType.halfToFloat((short) 0x7e00)));
    assertEquals(Float.NEGATIVE_INFINITY, DType.halfToFloat((short) 0xfc00));
  }

  /** A file with the given JSON header and 8 zero bytes of data. */
  private static byte[] withHeader(String json) {
    byte[] j = json.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + j.length + 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(j.length)
        .put(j)
        .array();
  }
}
