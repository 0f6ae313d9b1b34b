package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an error that names the layer or op and the shapes. */
class ErrorMessageTest {
  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void linear() {
    assertEquals(
        "Linear(784→128) got input [64, 785]",
        message(() -> new Linear(784, 128).forward(Tensor.zeros(64, 785))));
  }

  @Test
  void conv2d() {
    assertEquals(
        "Conv2d(1→6, 5x5) expects [N, 1, H, W], got [64, 3, 28, 28]",
        message(() -> new Conv2d(1, 6, 5).forward(Tensor.zeros(64, 3, 28, 28))));
    String small = message(() -> new Conv2d(1, 1, 5).forward(Tensor.zeros(1, 1, 3, 3)));
    assertTrue(small.contains("[1, 1, 3, 3]") && small.contains("5x5"), small);
    String groups = message(() -> new Conv2d(4, 6, 3, 1, 0, 1, 4, true));
    assertTrue(groups.contains("groups=4"), groups);
    String fn =
        message(() -> F.conv2d(Tensor.zeros(1, 3, 8, 8), Tensor.zeros(2, 2, 3, 3), null, 1, 0));
    assertTrue(
        fn.startsWith("conv2d:") && fn.contains("[2, 2, 3, 3]") && fn.contains("[1, 3, 8, 8]"), fn);
  }

  @Test
  void batchNormAndPools() {
    assertEquals(
        "BatchNorm2d(16) expects [N, 16, H, W], got [8, 3, 5, 5]",
        message(() -> new BatchNorm2d(16).forward(Tensor.zeros(8, 3, 5, 5))));
    assertEquals(
        "BatchNorm1d(4) expects [N, 4] or [N, 4, L], got [8, 4, 2, 2]",
        message(() -> new BatchNorm1d(4).forward(Tensor.zeros(8, 4, 2, 2))));
    String one = message(() -> new BatchNorm1d(4).forward(Tensor.zeros(1, 4)));
    assertTrue(one.contains("more than 1 value per channel"), one);
    String pool = message(() -> new MaxPool2d(2).forward(Tensor.zeros(8, 4)));
    assertTrue(pool.startsWith("MaxPool2d(kernel_size=2") && pool.contains("[8, 4]"), pool);
    String big = message(() -> new AvgPool2d(5).forward(Tensor.zeros(1, 1, 3, 3)));
    assertTrue(big.contains("5x5") && big.contains("[1, 1, 3, 3]"), big);
  }

  @Test
  void flattenAndMaxout() {
    String f = message(() -> new Flatten(2, 5).forward(Tensor.zeros(2, 3)));
    assertTrue(f.contains("[2, 3]"), f);
    assertEquals(
        "Maxout(5→3, pieces=2) expects [N, 5], got [4, 6]",
        message(() -> new Maxout(5, 3, 2).forward(Tensor.zeros(4, 6))));
  }

  @Test
  void badHyperParameters() {
    assertTrue(message(() -> new Dropout(1.5)).contains("1.5"));
    assertTrue(message(() -> new MaxPool2d(2, 2, 3)).contains("padding=3"));
    assertTrue(message(() -> new Conv2d(0, 3, 3)).contains("channels"));
  }
}
