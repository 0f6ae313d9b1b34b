package crema.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The course slides' worked examples (shared/seeds 001 and 002), asserted exactly. */
class SeedExamplesTest {

  /** A Linear layer whose rows are the slide's weight vectors (bias first, then the weights). */
  private static Linear slideLayer(float[]... neurons) {
    int in = neurons[0].length - 1;
    var layer = new Linear(in, neurons.length);
    float[] w = layer.weight.data(), b = layer.bias.data();
    for (int j = 0; j < neurons.length; j++) {
      b[j] = neurons[j][0];
      System.arraycopy(neurons[j], 1, w, j * in, in);
    }
    return layer;
  }

  @Test
  void denseForwardPassOfSlide002() {
    var net =
        new Sequential(
            slideLayer(
                new float[] {0, 1, 0, 1, 0},
                new float[] {0, 1, 2, 1, 2},
                new float[] {0, 1, 1, 1, 1}),
            new ReLU(),
            slideLayer(new float[] {0, -2, 1, -2}, new float[] {0, 1, -1, 0}),
            new ReLU(),
            slideLayer(new float[] {-1, -3, 2}),
            new Sigmoid());
    Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 4);
    // y1 = (2, 10, 6); y2 = relu(-6, -8) = (0, 0); y3 = sigmoid(-1)
    Sequential seq = net;
    Tensor y1 = seq.get(0).forward(x);
    assertArrayEquals(new float[] {2, 10, 6}, y1.toFloatArray());
    Tensor z2 = seq.get(2).forward(seq.get(1).forward(y1));
    assertArrayEquals(new float[] {-6, -8}, z2.toFloatArray());
    float y = net.forward(x).item();
    assertEquals(1 / (1 + Math.exp(1)), y, 1e-7);
    assertEquals(0.2689f, y, 5e-5f);
  }

  @Test
  void parameterCountsOfThe7431Network() {
    var net =
        new Sequential(
            new Linear(7, 4), new ReLU(), new Linear(4, 3), new ReLU(), new Linear(3, 1));
    assertEquals(32, net.get(0).numParameters());
    assertEquals(15, net.get(2).numParameters());
    assertEquals(4, net.get(4).numParameters());
    assertEquals(51, net.numParameters());
  }

  private static Conv2d conv(float[] kernel, int k, int padding) {
    var c = new Conv2d(1, 1, k, 1, padding);
    c.weight.assign(Tensor.of(kernel, 1, 1, k, k));
    c.bias.fill(0f);
    return c;
  }

  @Test
  void threeByThreeConvolvedWithTwoByTwo() {
    Tensor x = Tensor.arange(9).reshape(1, 1, 3, 3);
    Tensor y = conv(new float[] {0, 1, 2, 3}, 2, 0).forward(x);
    assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
    assertArrayEquals(new float[] {19, 25, 37, 43}, y.toFloatArray());
  }

  @Test
  void paddingOneOfSlide001() {
    Tensor x = Tensor.arange(9).reshape(1, 1, 3, 3);
    Tensor y = conv(new float[] {0, 1, 2, 3}, 2, 1).forward(x);
    assertArrayEquals(new int[] {1, 1, 4, 4}, y.shape());
    assertArrayEquals(
        new float[] {0, 3, 8, 4, 9, 19, 25, 10, 21, 37, 43, 16, 6, 7, 8, 0}, y.toFloatArray());
  }

  private static final float[] VERTICAL_EDGE = {1, 0, -1, 1, 0, -1, 1, 0, -1};

  @Test
  void verticalEdgeDetectorOnTheSixBySixImage() {
    Tensor x =
        Tensor.of(
            new float[] {
              0, 0, 5, 2, 1, 4, //
              3, 4, 1, 1, 1, 3,
              6, 7, 1, 1, 1, 4,
              8, 9, 2, 1, 5, 2,
              2, 0, 0, 0, 2, 1,
              6, 2, 2, 2, 2, 1
            },
            1,
            1,
            6,
            6);
    Tensor y = conv(VERTICAL_EDGE, 3, 0).forward(x);
    assertArrayEquals(
        new float[] {2, 7, 4, -7, 13, 17, -3, -6, 13, 14, -5, -5, 12, 8, -5, -1}, y.toFloatArray());
    // The slide's worked element: 1*0+1*3+1*6+0*0+0*4+0*7+(-1)*5+(-1)*1+(-1)*1 = 2
    assertEquals(2f, y.get(0, 0, 0, 0));
  }

  @Test
  void eightByEightEdgeImageGivesColumnsOf27() {
    float[] img = new float[64];
    for (int r = 0; r < 8; r++) for (int c = 0; c < 4; c++) img[r * 8 + c] = 9;
    Tensor y = conv(VERTICAL_EDGE, 3, 0).forward(Tensor.of(img, 1, 1, 8, 8));
    assertArrayEquals(new int[] {1, 1, 6, 6}, y.shape());
    float[] row = {0, 0, 27, 27, 0, 0};
    for (int r = 0; r < 6; r++) {
      assertArrayEquals(row, y.slice(2, r, r + 1).toFloatArray(), "row " + r);
    }
  }

  @Test
  void parameterCountIsKernelAreaPlusOneTimesKernels() {
    for (int[] hwn :
        List.of(
            new int[] {3, 3, 1}, new int[] {5, 5, 6}, new int[] {2, 2, 16}, new int[] {3, 5, 4})) {
      int h = hwn[0], w = hwn[1], n = hwn[2];
      var c =
          new Conv2d(
              1,
              n,
              new int[] {h, w},
              new int[] {1, 1},
              new int[] {0, 0},
              new int[] {1, 1},
              1,
              true);
      assertEquals((long) (h * w + 1) * n, c.numParameters(), h + "x" + w + " x " + n);
    }
  }

  /** d2l's LeNet-5 in PyTorch layout (padding 2 on the first convolution). */
  static Sequential lenet5() {
    return new Sequential(
        new Conv2d(1, 6, 5, 1, 2),
        new Sigmoid(),
        new AvgPool2d(2, 2),
        new Conv2d(6, 16, 5),
        new Sigmoid(),
        new AvgPool2d(2, 2),
        new Flatten(),
        new Linear(16 * 5 * 5, 120),
        new Sigmoid(),
        new Linear(120, 84),
        new Sigmoid(),
        new Linear(84, 10));
  }

  @Test
  void lenet5Has61706Parameters() {
    var net = lenet5();
    assertEquals(61_706, net.numParameters());
    assertArrayEquals(new int[] {2, 10}, net.forward(Tensor.zeros(2, 1, 28, 28)).shape());
  }
}
