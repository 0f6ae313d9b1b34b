package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  @TempDir Path tmp;

  /** An IDX file of unsigned bytes with the given shape and values 0, 1, 2, ... */
  static byte[] ubyteFile(int... shape) {
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + n);
    b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) shape.length);
    for (int s : shape) {
      b.putInt(s);
    }
    for (int i = 0; i < n; i++) {
      b.put((byte) i);
    }
    return b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    }
    return out.toByteArray();
  }

  Path write(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }

  @Test
  void readsPlainAndGzippedFiles() throws IOException {
    byte[] raw = ubyteFile(2, 3);
    IdxData plain = Idx.read(write("a-idx2-ubyte", raw));
    IdxData gz = Idx.read(write("a-idx2-ubyte.gz", gzip(raw)));
    assertArrayEquals(new int[] {2, 3}, plain.shape());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, plain.toInts());
    assertArrayEquals(plain.toInts(), gz.toInts());
    assertArrayEquals(new float[] {0, 0.5f, 1, 1.5f, 2, 2.5f}, plain.toFloats(0.5f));
  }

  @Test
  void unsignedBytesAbove127StayPositive() throws IOException {
    byte[] raw = ubyteFile(1);
    raw[raw.length - 1] = (byte) 255;
    assertArrayEquals(new float[] {1f}, Idx.read(write("x", raw)).toFloats(1 / 255f));
  }

  @Test
  void readsBigEndianFloats() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8);
    b.put(new byte[] {0, 0, 0x0D, 1}).putInt(2).putFloat(1.5f).putFloat(-2f);
    IdxData d = Idx.read(write("f", b.array()));
    assertEquals(IdxData.Type.FLOAT, d.type());
    assertArrayEquals(new float[] {1.5f, -2f}, d.toFloats(1f));
  }

  @Test
  void truncatedDataNamesFileAndSizes() throws IOException {
    byte[] raw = ubyteFile(10, 4);
    Path p = write("short-idx2-ubyte", Arrays.copyOf(raw, raw.length - 7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p));
    assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("[10, 4]"), e.getMessage());
  }

  @Test
  void truncatedGzipIsReported() throws IOException {
    byte[] gz = gzip(ubyteFile(100, 100));
    Path p = write("cut.gz", Arrays.copyOf(gz, gz.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p));
    assertTrue(
        e.getMessage().contains("cut.gz") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void truncatedHeaderIsReported() throws IOException {
    Path p = write("hdr", Arrays.copyOf(ubyteFile(5, 5, 5), 9));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p));
    assertTrue(
        e.getMessage().contains("truncated") && e.getMessage().contains("3 dimensions"),
        e.getMessage());
  }

  @Test
  void wrongMagicUnknownTypeAndExtraBytesAreReported() throws IOException {
    byte[] notIdx = "hello world, not idx".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    Path a = write("text.txt", notIdx);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Idx.read(a))
            .getMessage()
            .contains("magic"));
    byte[] bad = ubyteFile(2);
    bad[2] = 0x42;
    Path b = write("type", bad);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Idx.read(b))
            .getMessage()
            .contains("unknown value type 0x42"));
    byte[] extra = Arrays.copyOf(ubyteFile(2), ubyteFile(2).length + 3);
    Path c = write("extra", extra);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Idx.read(c))
            .getMessage()
            .contains("3 extra"));
    Path missing = tmp.resolve("nope");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Idx.read(missing))
            .getMessage()
            .contains("not found"));
  }

  @Test
  void aHeaderAnnouncingMoreThanTheFileCanHoldIsReportedBeforeAllocating() throws IOException {
    // [40000, 40000] bytes is 1.6 GB: the report must come before an array of that size is asked
    // for, from a plain file and from a gzipped one alike.
    byte[] header = Arrays.copyOf(ubyteFile(40_000, 40_000), 12);
    for (Path p : new Path[] {write("huge", header), write("huge.gz", gzip(header))}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p));
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      assertTrue(e.getMessage().contains("[40000, 40000]"), e.getMessage());
    }
  }

  @Test
  void aGzippedFileIsReadIntoOneArrayOfItsSize() throws IOException {
    // The values land in the one array of the file's size, decompressed as they are read: no copy
    // of the compressed file, no buffer that grows (which took about six times the file's size).
    byte[] raw = ubyteFile(2000, 1000);
    java.util.Random random = new java.util.Random(3);
    for (int i = 12; i < raw.length; i++) {
      raw[i] = (byte) random.nextInt(256); // little to compress: the gzip file is as large
    }
    Path p = write("noise-idx2-ubyte.gz", gzip(raw));
    var bean =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Idx.read(p); // classes loaded and buffers sized once
    long before = bean.getThreadAllocatedBytes(thread);
    IdxData d = Idx.read(p);
    long allocated = bean.getThreadAllocatedBytes(thread) - before;
    assertArrayEquals(new int[] {2000, 1000}, d.shape());
    // the streams' own buffers (64 kB each for reading and inflating) are the rest
    assertTrue(
        allocated < raw.length + 256 * 1024,
        "reading a " + raw.length + "-byte file allocated " + allocated + " bytes");
  }

  @Test
  void realFashionMnistLabelsHave6000PerClass() {
    assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
    int[] train = Idx.read(DIR.resolve("train-labels-idx1-ubyte.gz")).toInts();
    int[] test = Idx.read(DIR.resolve("t10k-labels-idx1-ubyte.gz")).toInts();
    assertEquals(60_000, train.length);
    assertEquals(10_000, test.length);
    int[] perClass = new int[10];
    for (int l : train) {
      perClass[l]++;
    }
    int[] expected = new int[10];
    Arrays.fill(expected, 6000);
    assertArrayEquals(expected, perClass);
    IdxData img = Idx.read(DIR.resolve("t10k-images-idx3-ubyte.gz"));
    assertArrayEquals(new int[] {10_000, 28, 28}, img.shape());
  }
}
