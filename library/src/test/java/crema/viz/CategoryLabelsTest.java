package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class CategoryLabelsTest {
  private static CategoryChart drawn(Figure f) {
    f.toMimeBundle(); // labels are fitted when the figure is drawn, at its final size
    return (CategoryChart) f.chart();
  }

  @Test
  void aHistogramShrunkIntoAGridShowsFewerBinLabels() {
    Tensor small = Tensor.randn(new Rng(1), 2000).mul(0.05f);
    int wide = drawn(Plots.histogram(small, 40)).getStyler().getXAxisMaxLabelCount();
    int narrow =
        drawn(Plots.histogram(small, 40).size(430, 260)).getStyler().getXAxisMaxLabelCount();
    assertEquals(9, wide);
    assertTrue(narrow >= 2 && narrow < 9, "labels of a 430-pixel histogram: " + narrow);
  }

  @Test
  void histogramLabelsHaveNoNoiseDigits() {
    Figure f = Plots.histogram(Tensor.randn(new Rng(2), 5000), 40);
    String pattern = ((CategoryChart) f.chart()).getStyler().getXAxisDecimalPattern();
    assertEquals("-1.27", new java.text.DecimalFormat(pattern).format(-1.2734));
  }

  @Test
  void barNamesAreRefittedToTheDrawnWidth() {
    String[] ten = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
    };
    Figure f = Plots.bar(ten, new double[10]);
    assertEquals(45, drawn(f).getStyler().getXAxisLabelRotation());
    assertEquals(0, drawn(f.size(1400, 400)).getStyler().getXAxisLabelRotation());
  }
}
