package crema.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text and HTML forms of a tensor, following PyTorch's printing rules ({@code
 * torch/_tensor_str.py}) so a notebook reads like one written with PyTorch:
 *
 * <ul>
 *   <li>all values integral: {@code 1., 2.}; otherwise 4 decimals {@code 0.1000}; scientific {@code
 *       1.0000e-05} when the non-zero magnitudes span more than 1000x, or exceed 1e8 or go below
 *       1e-4;
 *   <li>every element is padded to a common width; rows wrap at 80 characters;
 *   <li>more than 1000 elements: each dimension shows its first and last 3 entries around {@code
 *       ...}.
 * </ul>
 */
final class TensorFormat {
  private static final int THRESHOLD = 1000;
  private static final int EDGE = 3;
  private static final int LINE_WIDTH = 80;
  private static final int HTML_EDGE = 8;

  private TensorFormat() {}

  private static final class Style {
    boolean intMode;
    boolean sci;
    int width;

    String fmt(float v) {
      String s;
      if (Float.isNaN(v)) {
        s = "nan";
      } else if (Float.isInfinite(v)) {
        s = v > 0 ? "inf" : "-inf";
      } else if (sci) {
        s = String.format(Locale.ROOT, "%.4e", v); // 1.0000e-05, as Python's {:.4e}
      } else if (intMode) {
        s = String.format(Locale.ROOT, "%.0f.", v);
      } else {
        s = String.format(Locale.ROOT, "%.4f", v);
      }
      return s;
    }
  }

  private static Style style(float[] data, boolean summarize, int[] shape) {
    // As torch's _Formatter: only non-zero finite values decide the mode and the width.
    Style st = new Style();
    List<Float> vals = new ArrayList<>();
    if (summarize) {
      collectEdges(data, shape, 0, 0, vals);
    } else {
      for (float v : data) {
        vals.add(v);
      }
    }
    List<Float> nz = new ArrayList<>();
    for (float v : vals) {
      if (Float.isFinite(v) && v != 0) {
        nz.add(v);
      }
    }
    st.intMode = true;
    st.width = 1;
    if (nz.isEmpty()) {
      return st;
    }
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    for (float v : nz) {
      if (v != Math.ceil(v)) {
        st.intMode = false;
      }
      maxAbs = Math.max(maxAbs, Math.abs(v));
      minAbs = Math.min(minAbs, Math.abs(v));
    }
    if (st.intMode) {
      st.sci = maxAbs / minAbs > 1000 || maxAbs > 1e8;
    } else {
      st.sci = maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4;
    }
    for (float v : nz) {
      st.width = Math.max(st.width, st.fmt(v).length());
    }
    return st;
  }

  private static void collectEdges(float[] data, int[] shape, int dim, int off, List<Float> out) {
    if (shape.length == 0) {
      out.add(data[0]);
      return;
    }
    int n = shape[dim];
    int inner = Shapes.prod(shape, dim + 1, shape.length);
    for (int i : indices(n, true)) {
      if (i < 0) {
        continue; // the ellipsis
      }
      if (dim == shape.length - 1) {
        out.add(data[off + i]);
      } else {
        collectEdges(data, shape, dim + 1, off + i * inner, out);
      }
    }
  }

  private static int[] indices(int n, boolean summarize) {
    if (!summarize || n <= 2 * EDGE) {
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        r[i] = i;
      }
      return r;
    }
    int[] r = new int[2 * EDGE + 1];
    for (int i = 0; i < EDGE; i++) {
      r[i] = i;
      r[EDGE + 1 + i] = n - EDGE + i;
    }
    r[EDGE] = -1; // the ellipsis
    return r;
  }

  static String text(Tensor t) {
    float[] data = t.data();
    int[] shape = t.shapeRef();
    StringBuilder sb = new StringBuilder("tensor(");
    if (data.length == 0) {
      sb.append("[]");
      if (shape.length != 1) {
        sb.append(", size=(");
        for (int i = 0; i < shape.length; i++) {
          sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sb.append(shape.length == 1 ? ",)" : ")");
      }
    } else {
      boolean summarize = data.length > THRESHOLD;
      Style st = style(data, summarize, shape);
      if (shape.length == 0) {
        sb.append(st.fmt(data[0]));
      } else {
        block(sb, data, shape, 0, 0, st, summarize, 7);
      }
    }
    String suffix = null;
    if (t.gradFn() != null) {
      suffix = "gradFn=<" + t.gradFn().name() + ">";
    } else if (t.requiresGrad()) {
      suffix = "requiresGrad=true";
    }
    if (suffix != null) {
      // As PyTorch: the suffix moves to its own line when the last line would pass 80 characters.
      int lastLine = sb.length() - sb.lastIndexOf("\n") + 1;
      if (lastLine + suffix.length() + 2 > LINE_WIDTH) {
        sb.append(",\n").append(" ".repeat(7)).append(suffix);
      } else {
        sb.append(", ").append(suffix);
      }
    }
    return sb.append(')').toString();
  }

  private static void block(
      StringBuilder sb,
      float[] data,
      int[] shape,
      int dim,
      int off,
      Style st,
      boolean summarize,
      int indent) {
    int n = shape[dim];
    int[] idx = indices(n, summarize);
    sb.append('[');
    if (dim == shape.length - 1) {
      int perLine = Math.max(1, (LINE_WIDTH - indent - dim) / (st.width + 2));
      int onLine = 0;
      for (int j = 0; j < idx.length; j++) {
        if (j > 0) {
          sb.append(',');
          if (onLine == perLine) {
            sb.append('\n').append(" ".repeat(indent + dim + 1));
            onLine = 0;
          } else {
            sb.append(' ');
          }
        }
        if (idx[j] < 0) {
          sb.append(" ..."); // unpadded, as PyTorch
        } else {
          String s = st.fmt(data[off + idx[j]]);
          sb.append(" ".repeat(Math.max(0, st.width - s.length()))).append(s);
        }
        onLine++;
      }
    } else {
      int inner = Shapes.prod(shape, dim + 1, shape.length);
      String sep = ",\n" + "\n".repeat(shape.length - dim - 2) + " ".repeat(indent + dim + 1);
      for (int j = 0; j < idx.length; j++) {
        if (j > 0) {
          sb.append(sep);
        }
        if (idx[j] < 0) {
          sb.append("...");
        } else {
          block(sb, data, shape, dim + 1, off + idx[j] * inner, st, summarize, indent);
        }
      }
    }
    sb.append(']');
  }

  /** An HTML table for a 2-D tensor (or null for other ranks), elided beyond 16 rows/columns. */
  static String html(Tensor t) {
    int[] shape = t.shapeRef();
    if (shape.length != 2) {
      return null;
    }
    int rows = shape[0];
    int cols = shape[1];
    float[] data = t.data();
    Style st = style(data, data.length > THRESHOLD, shape);
    int[] ri = htmlIndices(rows);
    int[] ci = htmlIndices(cols);
    StringBuilder sb = new StringBuilder();
    sb.append("<table class=\"crema-tensor\" style=\"font-family:monospace;text-align:right\">");
    sb.append("<caption style=\"caption-side:bottom;text-align:left\">tensor of shape ")
        .append(Shapes.str(shape));
    if (t.gradFn() != null) {
      sb.append(", gradFn=&lt;").append(escape(t.gradFn().name())).append("&gt;");
    } else if (t.requiresGrad()) {
      sb.append(", requiresGrad=true");
    }
    sb.append("</caption><thead><tr><th></th>");
    for (int c : ci) {
      sb.append("<th>").append(c < 0 ? "&hellip;" : String.valueOf(c)).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (int r : ri) {
      sb.append("<tr><th>").append(r < 0 ? "&vellip;" : String.valueOf(r)).append("</th>");
      for (int c : ci) {
        String cell;
        if (r < 0) {
          cell = c < 0 ? "&dtdot;" : "&vellip;";
        } else if (c < 0) {
          cell = "&hellip;";
        } else {
          cell = st.fmt(data[r * cols + c]);
        }
        sb.append("<td>").append(cell).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  private static int[] htmlIndices(int n) {
    if (n <= 2 * HTML_EDGE) {
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        r[i] = i;
      }
      return r;
    }
    int[] r = new int[2 * HTML_EDGE + 1];
    for (int i = 0; i < HTML_EDGE; i++) {
      r[i] = i;
      r[HTML_EDGE + 1 + i] = n - HTML_EDGE + i;
    }
    r[HTML_EDGE] = -1;
    return r;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
