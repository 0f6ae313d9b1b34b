package crema.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * customers.csv: 10 rows; age, city (categorical: Lyon, Nantes, Paris), income (row 4 is missing),
 * visits, and the target bought (no/yes).
 */
class CsvDatasetTest {
  @TempDir Path tmp;

  static Path sample() throws URISyntaxException {
    return Path.of(CsvDatasetTest.class.getResource("/crema/data/customers.csv").toURI());
  }

  @Test
  void missingValueIsAClearErrorNamingRowAndColumn() throws Exception {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CsvDataset.from(sample()).target("bought").load());
    String m = e.getMessage();
    assertTrue(m.contains("row 4") && m.contains("line 5") && m.contains("'income'"), m);
    assertTrue(m.contains("customers.csv") && m.contains("Missing.MEAN"), m);
  }

  @Test
  void meanImputationAndOneHotEncoding() throws Exception {
    CsvDataset d =
        CsvDataset.from(sample()).target("bought").missing(CsvDataset.Missing.MEAN).load();
    assertEquals(
        List.of("age", "city=Lyon", "city=Nantes", "city=Paris", "income", "visits"),
        d.featureNames());
    assertArrayEquals(new boolean[] {true, false, false, false, true, true}, d.numericFeatures());
    assertEquals(List.of("no", "yes"), d.classNames());
    assertEquals(10, d.size());
    assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1, 1, 0, 1, 0}, d.labels());
    // Row 4: 52, Paris, income = mean of the nine present incomes, 2 visits.
    double mean = (32000 + 51000 + 40000 + 36000 + 58000 + 45000 + 29000 + 62000 + 41000) / 9.0;
    assertArrayEquals(new float[] {52, 0, 0, 1, (float) mean, 2}, d.get(3).x().data(), 1e-3f);
    assertArrayEquals(new float[] {41, 1, 0, 0, 51000, 7}, d.get(1).x().data());
  }

  @Test
  void dropRowAndRegressionTarget() throws Exception {
    CsvDataset d =
        CsvDataset.from(sample()).target("income").missing(CsvDataset.Missing.DROP_ROW).load();
    assertEquals(9, d.size());
    assertEquals(
        List.of(
            "age", "city=Lyon", "city=Nantes", "city=Paris", "visits", "bought=no", "bought=yes"),
        d.featureNames());
    assertArrayEquals(new int[] {1}, d.get(0).y().shape());
    assertEquals(32000f, d.get(0).y().data()[0]);
    assertEquals(35f, d.get(8).x().data()[0]);
  }

  @Test
  void forcedCategoricalNumericClassesAndUnknownColumns() throws Exception {
    CsvDataset d =
        CsvDataset.from(sample())
            .target("visits")
            .classification()
            .categorical("age")
            .drop("income")
            .load();
    assertEquals(10 + 3 + 2, d.numFeatures());
    assertEquals(3, d.labels()[0]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> CsvDataset.from(sample()).target("price").load());
    assertTrue(
        e.getMessage().contains("'price'") && e.getMessage().contains("bought"), e.getMessage());
  }

  @Test
  void raggedRowsAreReported() throws Exception {
    Path f = tmp.resolve("bad.csv");
    Files.writeString(f, "a,b\n1,2\n3\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CsvDataset.from(f).load());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void standardizerUsesTheTrainingSplitOnly() throws Exception {
    CsvDataset d =
        CsvDataset.from(sample()).target("bought").missing(CsvDataset.Missing.MEAN).load();
    List<Subset> parts = Datasets.randomSplit(d, 7, 0.7, 0.3);
    Subset train = parts.get(0);
    Standardizer s = Standardizer.fit(train, d.numericFeatures());
    // Expected statistics, computed here from the training rows only.
    int[] idx = train.indices();
    double sum = 0;
    double sq = 0;
    for (int i : idx) {
      float age = d.get(i).x().data()[0];
      sum += age;
      sq += age * age;
    }
    double m = sum / idx.length;
    double sd = Math.sqrt(sq / idx.length - m * m);
    assertEquals(m, s.mean()[0], 1e-4);
    assertEquals(sd, s.std()[0], 1e-3);
    double allMean = 0;
    for (int i = 0; i < d.size(); i++) {
      allMean += d.get(i).x().data()[0];
    }
    assertTrue(
        Math.abs(allMean / d.size() - s.mean()[0]) > 1e-3,
        "fitted on all rows, not the train split");
    // One-hot columns pass through unchanged.
    assertEquals(0f, s.mean()[1]);
    assertEquals(1f, s.std()[1]);
    Dataset trainStd = train.transform(s);
    double z = 0;
    for (int i = 0; i < trainStd.size(); i++) {
      z += trainStd.get(i).x().data()[0];
    }
    assertEquals(0, z / trainStd.size(), 1e-4);
    Dataset valStd = parts.get(1).transform(s);
    assertEquals(
        (d.get(parts.get(1).indices()[0]).x().data()[0] - m) / sd,
        valStd.get(0).x().data()[0],
        1e-3);
  }
}
