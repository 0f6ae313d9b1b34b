package crema.xai;

/**
 * Solves the small weighted (ridge) least-squares problems of KernelSHAP and LIME:
 *
 * <pre>
 * β = argmin Σ_k w_k (y_k − x_k·β)² + λ‖β‖²   ⇔   (XᵀWX + λI) β = XᵀW y
 * </pre>
 *
 * by Gaussian elimination with partial pivoting, in double precision. Problems here have a few
 * dozen unknowns at most, so a dense solve is the simple and exact choice.
 */
final class WeightedLeastSquares {
  private WeightedLeastSquares() {}

  /**
   * @param x rows of features, {@code [n][p]}
   * @param y targets {@code [n]}
   * @param w non-negative sample weights {@code [n]}
   * @param lambda ridge penalty (0 for plain least squares)
   */
  static double[] solve(double[][] x, double[] y, double[] w, double lambda) {
    int p = x[0].length;
    double[][] a = new double[p][p + 1];
    for (int k = 0; k < x.length; k++) {
      double[] row = x[k];
      for (int i = 0; i < p; i++) {
        double wi = w[k] * row[i];
        for (int j = 0; j < p; j++) {
          a[i][j] += wi * row[j];
        }
        a[i][p] += wi * y[k];
      }
    }
    for (int i = 0; i < p; i++) {
      a[i][i] += lambda;
    }
    for (int col = 0; col < p; col++) {
      int pivot = col;
      for (int r = col + 1; r < p; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tmp = a[col];
      a[col] = a[pivot];
      a[pivot] = tmp;
      if (Math.abs(a[col][col]) < 1e-12) {
        throw new ArithmeticException(
            "least squares: the system is singular (too few distinct samples for "
                + p
                + " unknowns); use more samples or a ridge penalty");
      }
      for (int r = 0; r < p; r++) {
        if (r == col) {
          continue;
        }
        double f = a[r][col] / a[col][col];
        for (int c = col; c <= p; c++) {
          a[r][c] -= f * a[col][c];
        }
      }
    }
    double[] beta = new double[p];
    for (int i = 0; i < p; i++) {
      beta[i] = a[i][p] / a[i][i];
    }
    return beta;
  }
}
