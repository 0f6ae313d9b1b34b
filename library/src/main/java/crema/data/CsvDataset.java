package crema.data;

import crema.tensor.Tensor;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A table from a CSV file with a header row, turned into numeric features and a target, read with
 * commons-csv.
 *
 * <pre>{@code
 * CsvDataset houses = CsvDataset.from(Path.of("houses.csv"))
 *     .target("price")                  // numeric target: regression, y [N, 1]
 *     .categorical("zip")               // one-hot even though it looks numeric
 *     .missing(CsvDataset.Missing.MEAN) // impute instead of failing
 *     .load();
 * houses.featureNames();   // [area, rooms, city=Lyon, city=Paris, zip=69001, ...]
 * }</pre>
 *
 * <p><b>Column types.</b> A column is numeric when every present value parses as a number, else
 * categorical; {@link Builder#categorical} forces a column categorical. Categorical features are
 * one-hot encoded, one feature per category in sorted order ({@code column=value}). A categorical
 * target gives a classification dataset with class names; a numeric target gives regression, unless
 * {@link Builder#classification()} asks for integer class labels.
 *
 * <p><b>Missing values</b> are empty cells and {@code NA}, {@code N/A}, {@code NaN}, {@code null},
 * {@code ?} (any case). By default ({@link Missing#ERROR}) one gives an error naming the file, the
 * row and the column. {@link Missing#MEAN} fills a numeric cell with its column's mean and a
 * categorical cell with its most frequent value (statistics over the present values of the whole
 * file: to keep the test split unseen, impute after splitting, or drop); {@link Missing#DROP_ROW}
 * drops incomplete rows. A missing target is always an error, except with DROP_ROW.
 *
 * <p>Standardise numeric features with a {@link Standardizer} fitted on the training split only:
 * {@code Standardizer.fit(trainSplit, csv.numericFeatures())}.
 */
public final class CsvDataset implements Dataset {
  /** What to do with a missing value. */
  public enum Missing {
    /** Fail with an error naming the row and the column. */
    ERROR,
    /** Numeric: the column mean; categorical: the most frequent value. */
    MEAN,
    /** Leave out every row with a missing value. */
    DROP_ROW
  }

  private static final Set<String> MISSING = Set.of("", "na", "n/a", "nan", "null", "?");

  private final TensorDataset data;
  private final List<String> featureNames;
  private final boolean[] numeric;
  private final String target;

  private CsvDataset(
      TensorDataset data, List<String> featureNames, boolean[] numeric, String target) {
    this.data = data;
    this.featureNames = featureNames;
    this.numeric = numeric;
    this.target = target;
  }

  /** Starts reading {@code file}. */
  public static Builder from(Path file) {
    return new Builder(file);
  }

  /** Options of a CSV read; {@link #load()} reads the file. */
  public static final class Builder {
    private final Path file;
    private String target;
    private final Set<String> categorical = new LinkedHashSet<>();
    private final Set<String> dropped = new LinkedHashSet<>();
    private Missing missing = Missing.ERROR;
    private boolean classification;
    private char delimiter = ',';

    private Builder(Path file) {
      this.file = file;
    }

    /** The target column; all others (not dropped) are features. Default: the last column. */
    public Builder target(String column) {
      this.target = column;
      return this;
    }

    /** Treats these columns as categorical (one-hot), even if their values look numeric. */
    public Builder categorical(String... columns) {
      categorical.addAll(List.of(columns));
      return this;
    }

    /** Leaves these columns out (ids, free text). */
    public Builder drop(String... columns) {
      dropped.addAll(List.of(columns));
      return this;
    }

    /** The missing-value policy (default {@link Missing#ERROR}). */
    public Builder missing(Missing policy) {
      this.missing = policy;
      return this;
    }

    /** Treats a numeric target as class indices (0, 1, 2...) rather than regression values. */
    public Builder classification() {
      this.classification = true;
      return this;
    }

    /** The field separator (default ','). */
    public Builder delimiter(char d) {
      this.delimiter = d;
      return this;
    }

    /** Reads and encodes the file. */
    public CsvDataset load() {
      List<String> header;
      List<String[]> rows = new ArrayList<>();
      List<Long> lines = new ArrayList<>();
      CSVFormat fmt =
          CSVFormat.DEFAULT
              .builder()
              .setDelimiter(delimiter)
              .setHeader()
              .setSkipHeaderRecord(true)
              .setIgnoreSurroundingSpaces(true)
              .setIgnoreEmptyLines(true)
              .setTrim(true)
              .get();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser p = fmt.parse(r)) {
        header = new ArrayList<>(p.getHeaderNames());
        for (CSVRecord rec : p) {
          if (rec.size() != header.size()) {
            throw new IllegalArgumentException(
                String.format(
                    "CsvDataset: %s line %d has %d fields, the header has %d",
                    file, p.getCurrentLineNumber(), rec.size(), header.size()));
          }
          String[] row = new String[rec.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = rec.get(i);
          }
          rows.add(row);
          // After a record, the parser's line count is the 1-based line the record ended on.
          lines.add(p.getCurrentLineNumber());
        }
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("CsvDataset: file not found: " + file, e);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "CsvDataset: cannot read " + file + ": " + e.getMessage(), e);
      }
      if (header.isEmpty()) {
        throw new IllegalArgumentException("CsvDataset: " + file + " has no header row");
      }
      String tgt = target != null ? target : header.get(header.size() - 1);
      for (String c : concat(List.of(tgt), categorical, dropped)) {
        if (!header.contains(c)) {
          throw new IllegalArgumentException(
              "CsvDataset: no column '" + c + "' in " + file + "; columns are " + header);
        }
      }
      if (rows.isEmpty()) {
        throw new IllegalArgumentException("CsvDataset: " + file + " has a header but no rows");
      }
      int nCols = header.size();
      // Drop incomplete rows first, so that types and statistics come from what is kept.
      if (missing == Missing.DROP_ROW) {
        List<String[]> kept = new ArrayList<>();
        List<Long> keptLines = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
          boolean ok = true;
          for (int c = 0; c < nCols && ok; c++) {
            ok = dropped.contains(header.get(c)) || !isMissing(rows.get(i)[c]);
          }
          if (ok) {
            kept.add(rows.get(i));
            keptLines.add(lines.get(i));
          }
        }
        rows = kept;
        lines = keptLines;
        if (rows.isEmpty()) {
          throw new IllegalArgumentException(
              "CsvDataset: every row of " + file + " has a missing value");
        }
      }
      int n = rows.size();
      // Column types and fill values.
      boolean[] isNum = new boolean[nCols];
      double[] mean = new double[nCols];
      List<List<String>> cats = new ArrayList<>();
      String[] mode = new String[nCols];
      for (int c = 0; c < nCols; c++) {
        boolean num = !categorical.contains(header.get(c));
        double sum = 0;
        int count = 0;
        Map<String, Integer> freq = new HashMap<>();
        TreeSet<String> values = new TreeSet<>();
        for (String[] row : rows) {
          String v = row[c];
          if (isMissing(v)) {
            continue;
          }
          values.add(v);
          freq.merge(v, 1, Integer::sum);
          if (num) {
            try {
              sum += Double.parseDouble(v);
              count++;
            } catch (NumberFormatException e) {
              num = false;
            }
          }
        }
        isNum[c] = num;
        mean[c] = count == 0 ? 0 : sum / count;
        cats.add(new ArrayList<>(values));
        // Most frequent value; ties go to the first in sorted order, for a deterministic choice.
        String best = null;
        for (String v : values) {
          if (best == null || freq.get(v) > freq.get(best)) {
            best = v;
          }
        }
        mode[c] = best;
      }
      // Feature layout.
      int tc = header.indexOf(tgt);
      List<String> names = new ArrayList<>();
      List<Boolean> numericMask = new ArrayList<>();
      int[] offset = new int[nCols];
      for (int c = 0; c < nCols; c++) {
        offset[c] = names.size();
        if (c == tc || dropped.contains(header.get(c))) {
          continue;
        }
        if (isNum[c]) {
          names.add(header.get(c));
          numericMask.add(true);
        } else {
          for (String v : cats.get(c)) {
            names.add(header.get(c) + "=" + v);
            numericMask.add(false);
          }
        }
      }
      int d = names.size();
      float[] x = new float[n * d];
      boolean targetClasses = !isNum[tc] || classification;
      int[] labels = targetClasses ? new int[n] : null;
      float[] y = targetClasses ? null : new float[n];
      List<String> classNames = List.of();
      Map<String, Integer> classIndex = new HashMap<>();
      if (targetClasses && !isNum[tc]) {
        classNames = List.copyOf(cats.get(tc));
        for (int k = 0; k < classNames.size(); k++) {
          classIndex.put(classNames.get(k), k);
        }
      }
      for (int i = 0; i < n; i++) {
        String[] row = rows.get(i);
        for (int c = 0; c < nCols; c++) {
          if (dropped.contains(header.get(c))) {
            continue;
          }
          String v = row[c];
          if (isMissing(v)) {
            if (missing == Missing.ERROR || c == tc) {
              throw new IllegalArgumentException(
                  String.format(
                      "CsvDataset: missing value in %s, row %d (line %d), column '%s'%s",
                      file,
                      i + 1,
                      lines.get(i),
                      header.get(c),
                      c == tc
                          ? " (the target); drop such rows with missing(Missing.DROP_ROW)"
                          : "; impute with missing(Missing.MEAN) or drop with missing(Missing.DROP_ROW)"));
            }
            v = isNum[c] ? null : mode[c];
          }
          if (c == tc) {
            if (!targetClasses) {
              y[i] = (float) Double.parseDouble(v);
            } else if (isNum[c]) {
              labels[i] = classLabel(v, file, i, lines.get(i), header.get(c));
            } else {
              labels[i] = classIndex.get(v);
            }
          } else if (isNum[c]) {
            x[i * d + offset[c]] = v == null ? (float) mean[c] : (float) Double.parseDouble(v);
          } else {
            x[i * d + offset[c] + cats.get(c).indexOf(v)] = 1f;
          }
        }
      }
      Tensor xt = Tensor.wrap(x, n, d);
      TensorDataset td =
          targetClasses
              ? new TensorDataset(xt, labels).withClassNames(classNames)
              : new TensorDataset(xt, Tensor.wrap(y, n, 1));
      boolean[] mask = new boolean[d];
      for (int j = 0; j < d; j++) {
        mask[j] = numericMask.get(j);
      }
      return new CsvDataset(td, List.copyOf(names), mask, tgt);
    }

    private static int classLabel(String v, Path file, int row, long line, String col) {
      double dv = Double.parseDouble(v);
      if (dv != Math.rint(dv) || dv < 0) {
        throw new IllegalArgumentException(
            String.format(
                "CsvDataset: %s row %d (line %d), target column '%s': %s is not a class index (an"
                    + " integer >= 0)",
                file, row + 1, line, col, v));
      }
      return (int) dv;
    }
  }

  private static boolean isMissing(String v) {
    return v == null || MISSING.contains(v.trim().toLowerCase(Locale.ROOT));
  }

  private static List<String> concat(List<String> a, Set<String> b, Set<String> c) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    return all;
  }

  /** Names of the encoded features, in column order: {@code age}, {@code city=Paris}, ... */
  public List<String> featureNames() {
    return featureNames;
  }

  /** Which features are numeric (true) rather than one-hot (false): what to standardise. */
  public boolean[] numericFeatures() {
    return numeric.clone();
  }

  /** The target column's name. */
  public String targetName() {
    return target;
  }

  /** The encoded data as tensors. */
  public TensorDataset tensors() {
    return data;
  }

  /** Number of encoded features. */
  public int numFeatures() {
    return featureNames.size();
  }

  @Override
  public int size() {
    return data.size();
  }

  @Override
  public Sample get(int index) {
    return data.get(index);
  }

  @Override
  public Batch batch(int[] indices) {
    return data.batch(indices);
  }

  @Override
  public int[] labels() {
    return data.labels();
  }

  @Override
  public List<String> classNames() {
    return data.classNames();
  }

  @Override
  public String toString() {
    return "CsvDataset("
        + size()
        + " rows, "
        + featureNames.size()
        + " features "
        + featureNames
        + ", target '"
        + target
        + "'"
        + (data.hasLabels() ? ", " + data.numClasses() + " classes" : ", regression")
        + ")";
  }

  static String shapeOf(int[] s) {
    return Arrays.toString(s);
  }
}
