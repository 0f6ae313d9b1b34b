package crema.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.nn.AvgPool2d;
import crema.nn.Conv2d;
import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.nn.Sigmoid;
import org.junit.jupiter.api.Test;

class SummaryTest {
  /** LeNet-5 as in d2l: PyTorch counts 61,706 parameters for it. */
  static Sequential lenet() {
    return new Sequential(
        new Conv2d(1, 6, 5, 1, 2),
        new Sigmoid(),
        new AvgPool2d(2),
        new Conv2d(6, 16, 5),
        new Sigmoid(),
        new AvgPool2d(2),
        new Flatten(),
        new Linear(400, 120),
        new Sigmoid(),
        new Linear(120, 84),
        new Sigmoid(),
        new Linear(84, 10));
  }

  @Test
  void lenetHasPyTorchsParameterCountAndShapes() {
    Summary s = Summary.of(lenet(), 1, 1, 28, 28);
    assertEquals(61_706, s.totalParams());
    assertEquals(61_706, s.trainableParams());
    assertEquals(12, s.rows().size());
    // per layer, as torchinfo reports them: (in*k*k+1)*out for convs, (in+1)*out for linears
    long[] params = {156, 0, 0, 2416, 0, 0, 0, 48120, 0, 10164, 0, 850};
    for (int i = 0; i < params.length; i++) {
      assertEquals(params[i], s.rows().get(i).params(), "row " + i);
    }
    assertArrayEquals(new int[] {1, 6, 28, 28}, s.rows().get(0).shape());
    assertArrayEquals(new int[] {1, 16, 5, 5}, s.rows().get(5).shape());
    assertArrayEquals(new int[] {1, 400}, s.rows().get(6).shape());
    assertArrayEquals(new int[] {1, 10}, s.outputShape());
    MimeBundle b = s.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).contains("Total params: 61,706"), b.get(MimeBundle.PLAIN));
    String html = b.get(MimeBundle.HTML);
    assertTrue(
        html.contains("<table") && html.contains("61,706") && html.contains("[1, 6, 28, 28]"));
    assertTrue(!html.contains("<script"));
  }

  @Test
  void frozenLayersAreNotTrainableAndModeIsRestored() {
    Sequential m = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    m.get(0).freeze();
    m.train();
    Summary s = Summary.of(m, 5, 4);
    assertEquals(15 + 8, s.totalParams());
    assertEquals(8, s.trainableParams());
    assertEquals("no", s.rows().get(0).trainable());
    assertEquals("–", s.rows().get(1).trainable());
    assertEquals("yes", s.rows().get(2).trainable());
    assertTrue(m.isTraining(), "train mode restored");
    assertTrue(s.text().contains("Non-trainable params: 15"));
  }

  @Test
  void nestedSequentialsAreIndented() {
    Sequential m = new Sequential(new Sequential(new Linear(2, 3), new ReLU()), new Linear(3, 1));
    Summary s = Summary.of(m, 1, 2);
    assertEquals(4, s.rows().size());
    assertEquals("0.0", s.rows().get(1).name());
    assertEquals(1, s.rows().get(1).depth());
    assertArrayEquals(new int[] {1, 3}, s.rows().get(0).shape());
    assertEquals(9, s.rows().get(0).params());
  }

  @Test
  void wrongInputShapeIsExplained() {
    var e = assertThrows(IllegalArgumentException.class, () -> Summary.of(lenet(), 1, 3, 28, 28));
    assertTrue(e.getMessage().contains("does not accept an input of shape [1, 3, 28, 28]"));
  }
}
