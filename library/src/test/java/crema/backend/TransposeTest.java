package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TransposeTest {
  /** Every element of every matrix lands at its transposed place, whatever the tile cut. */
  private static void check(int count, int rows, int cols) {
    int size = count * rows * cols;
    float[] src = new float[size];
    for (int i = 0; i < size; i++) src[i] = i;
    float[] dst = new float[size + 3];
    dst[size] = -1f; // beyond the stack: must stay as it is
    Transpose.stack(src, dst, count, rows, cols);
    for (int m = 0; m < count; m++) {
      int at = m * rows * cols;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
          assertEquals(
              src[at + r * cols + c],
              dst[at + c * rows + r],
              count
                  + " x ["
                  + rows
                  + ", "
                  + cols
                  + "] at matrix "
                  + m
                  + ", ("
                  + r
                  + ", "
                  + c
                  + ")");
        }
      }
    }
    assertEquals(-1f, dst[size]);
  }

  @Test
  void theExampleOfTheJavadoc() {
    float[] wT = new float[6];
    Transpose.stack(new float[] {1, 2, 3, 4, 5, 6}, wT, 1, 2, 3);
    assertEquals("[1.0, 4.0, 2.0, 5.0, 3.0, 6.0]", java.util.Arrays.toString(wT));
  }

  @Test
  void smallStacksOnTheCallingThread() {
    check(1, 1, 1);
    check(1, 1, 17);
    check(3, 5, 7);
    check(2, 16, 16);
    check(4, 17, 33);
  }

  @Test
  void largeStacksOverTheCores() {
    assertTrue(
        4 * 128 * 128 >= Parallel.ELEMENTWISE_MIN, "the LSTM's weights take the parallel path");
    check(4, 128, 128); // the LSTM's four recurrent weights
    check(3, 100, 70); // the GRU's shape class, tiles cut at both edges
    check(1, 300, 61);
    check(3, 200, 130); // over the cores, tiles cut at both edges
  }

  @Test
  void arraysTooShortAreRefusedWithTheirSizes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Transpose.stack(new float[12], new float[24], 2, 3, 4));
    assertTrue(
        e.getMessage().contains("[3, 4]") && e.getMessage().contains("src has 12"), e.getMessage());
  }
}
