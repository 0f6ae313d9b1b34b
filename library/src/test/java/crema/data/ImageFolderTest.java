package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {
  @TempDir Path root;

  void png(String cls, String name, int w, int h, int rgb) throws Exception {
    Path dir = root.resolve(cls);
    Files.createDirectories(dir);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    ImageIO.write(img, "png", dir.resolve(name).toFile());
  }

  @Test
  void oneFolderPerClassInSortedOrder() throws Exception {
    png("dog", "a.png", 4, 3, 0x00ff00);
    png("cat", "b.png", 4, 3, 0xff0000);
    png("cat", "a.png", 4, 3, 0x0000ff);
    Files.writeString(root.resolve("cat").resolve("notes.txt"), "not an image");
    ImageFolder f = ImageFolder.of(root);
    assertEquals(List.of("cat", "dog"), f.classNames());
    assertEquals(3, f.size());
    assertArrayEquals(new int[] {0, 0, 1}, f.labels());
    Sample s = f.get(0); // cat/a.png, blue
    assertArrayEquals(new int[] {3, 3, 4}, s.x().shape());
    float[] d = s.x().data();
    assertEquals(0f, d[0]);
    assertEquals(0f, d[12]);
    assertEquals(1f, d[24]);
    Sample grey = f.channels(1).get(2); // green → 0.587
    assertArrayEquals(new int[] {1, 3, 4}, grey.x().shape());
    assertEquals(0.587f, grey.x().data()[0], 1e-6);
  }

  @Test
  void resizeMakesImagesBatchable() throws Exception {
    png("a", "1.png", 4, 4, 0xffffff);
    png("b", "2.png", 8, 6, 0xffffff);
    ImageFolder f = ImageFolder.of(root).resize(5, 5);
    Batch b = new DataLoader(f, 2).iterator().next();
    assertArrayEquals(new int[] {2, 3, 5, 5}, b.x().shape());
    assertEquals(1f, b.x().data()[10], 1e-6);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new DataLoader(ImageFolder.of(root), 2).iterator().next());
    assertTrue(e.getMessage().contains("resize"), e.getMessage());
  }

  @Test
  void emptyRootIsReported() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.of(root))
            .getMessage()
            .contains("no class folders"));
  }
}
