package crema.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class DisplaySeamTest {
  @Test
  void svgIsStoredAsAnInlineElement() {
    MimeBundle b =
        MimeBundle.text("c")
            .with(
                MimeBundle.SVG,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE svg>\n<svg a=\"1\"/>");
    assertEquals("<svg a=\"1\"/>", b.get(MimeBundle.SVG));
  }

  @Test
  void imagesBecomePngsOfTheRightSize() throws Exception {
    MimeBundle b = Renderers.render(new BufferedImage(7, 5, BufferedImage.TYPE_INT_RGB));
    BufferedImage back =
        ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b.get(MimeBundle.PNG))));
    assertEquals(7, back.getWidth());
    assertEquals(5, back.getHeight());
  }

  @Test
  void chartsBecomeSvgAndPng() {
    XYChart chart = new XYChart(300, 200);
    chart.setTitle("loss");
    chart.addSeries("train", new double[] {1, 2, 3}, new double[] {3, 2, 1});
    MimeBundle b = Renderers.render(chart);
    assertTrue(b.get(MimeBundle.SVG).startsWith("<svg"), b.get(MimeBundle.SVG).substring(0, 40));
    assertTrue(b.has(MimeBundle.PNG));
    assertTrue(b.get(MimeBundle.PLAIN).contains("loss"));
  }

  record Broken() {}

  @Test
  void aRendererThatThrowsFallsBackToTextAndSaysWhy() {
    Renderers.register(
        Broken.class,
        v -> {
          throw new IllegalStateException("boom");
        });
    PrintStream err = System.err;
    var captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      MimeBundle b = Renderers.render(new Broken());
      assertEquals("Broken[]", b.get(MimeBundle.PLAIN));
      assertEquals(1, b.data().size());
    } finally {
      System.setErr(err);
    }
    assertTrue(captured.toString(StandardCharsets.UTF_8).contains("boom"));
  }

  @Test
  void handlesUpdateTheOutputTheyShowed() {
    List<String> log = new ArrayList<>();
    DisplayBackend old = Display.backend();
    Display.setBackend(
        new DisplayBackend() {
          @Override
          public void publish(MimeBundle bundle, String displayId, boolean update) {
            log.add((update ? "update " : "show ") + displayId + " " + bundle);
          }

          @Override
          public void clearOutput(boolean wait) {
            log.add("clear");
          }
        });
    try {
      DisplayHandle h = Display.display("epoch 1");
      h.update("epoch 2");
      assertEquals("show " + h.displayId() + " epoch 1", log.get(0));
      assertEquals("update " + h.displayId() + " epoch 2", log.get(1));
      assertFalse(Display.render(new int[] {1, 2}).displayId().equals(h.displayId()));
      assertTrue(log.get(2).endsWith(" [1, 2]"), log.get(2));
    } finally {
      Display.setBackend(old);
    }
  }
}
