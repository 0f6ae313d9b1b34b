package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.CategoryChart;

class CategoryLabelsTest {
  private static CategoryChart drawn(Figure f) {
    f.toMimeBundle(); // labels are fitted when the figure is drawn, at its final size
    return (CategoryChart) f.chart();
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
