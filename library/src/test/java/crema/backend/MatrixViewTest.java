package crema.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MatrixViewTest {
  @Test
  void transposeSwapsTheSizeAndKeepsTheStorage() {
    float[] w = new float[12];
    MatrixView v = MatrixView.of(w, 2, 2, 5).t();
    assertEquals(new MatrixView(w, 2, 5, 2, 5, true), v);
    assertEquals(MatrixView.of(w, 2, 2, 5), v.t());
    assertEquals("5 x 2 (stored transposed)", v.size());
  }

  @Test
  void aTransposedOperandIsReadAsItsTranspose() {
    // A = [[1, 2], [3, 4]] stored as its transpose [[1, 3], [2, 4]]; B = I; C = A.
    float[] at = {1, 3, 2, 4};
    float[] id = {1, 0, 0, 1};
    float[] c = new float[4];
    Blas.sgemm(
        1f,
        MatrixView.of(at, 0, 2, 2).t(),
        MatrixView.of(id, 0, 2, 2),
        0f,
        MatrixView.of(c, 0, 2, 2));
    assertArrayEquals(new float[] {1, 2, 3, 4}, c);
  }

  @Test
  void sizesThatDoNotFitAreNamed() {
    float[] a = new float[6];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Blas.sgemm(
                    1f,
                    MatrixView.of(a, 0, 2, 3),
                    MatrixView.of(a, 0, 2, 3),
                    0f,
                    MatrixView.of(a, 0, 2, 3)));
    assertTrue(e.getMessage().contains("A [2 x 3] B [2 x 3]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            Blas.sgemm(
                1f,
                MatrixView.of(a, 0, 2, 3),
                MatrixView.of(a, 0, 3, 2),
                0f,
                MatrixView.of(a, 0, 2, 2).t()));
  }
}
