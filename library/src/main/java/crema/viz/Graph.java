package crema.viz;

import crema.nn.Module;
import crema.nn.Parameter;
import crema.tensor.Function;
import crema.tensor.Tensor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The autograd graph behind a result, as torchviz draws it: one box per operation (its name and
 * output shape), one per leaf tensor (parameters in green, constants such as inputs and targets in
 * gray), arrows in the direction data flows, the result at the bottom. Backward walks it upwards.
 *
 * <pre>{@code
 * Tensor loss = model.forward(x).sub(y).pow(2).mean();
 * Graph.of(loss);            // boxes: MatMul, Add, Sub, Pow, Mean ... and the parameters
 * Graph.of(loss, model);     // parameters labelled with their state_dict names ("0.weight")
 * }</pre>
 *
 * <p>The layout is a layered drawing computed here in Java (each node one layer above its first
 * consumer, ordered by the barycentre of its consumers), so no Graphviz is needed. The text form
 * lists the nodes in topological order.
 */
public final class Graph extends Drawing {
  private static final int MAX_DRAWN = 400;
  private static final Font NAME = Theme.bold(12);
  private static final Font DETAIL = Theme.font(10);
  private static final int BOX_H = 36;
  private static final int LAYER_GAP = 34;
  private static final int NODE_GAP = 14;
  private static final int MARGIN = 12;

  /** What a node stands for. */
  public enum Kind {
    /** An operation (a {@link Function} recorded by autograd). */
    OP,
    /** A leaf tensor that requires grad: a parameter. */
    PARAMETER,
    /** A leaf tensor without grad: an input, a target, a constant. */
    CONSTANT
  }

  /** One box of the graph. */
  public static final class Node {
    final int id;
    final Kind kind;
    final String name;
    final int[] shape;
    final List<Node> inputs = new ArrayList<>();
    final List<Node> consumers = new ArrayList<>();
    int layer;
    double x;
    int width;

    Node(int id, Kind kind, String name, int[] shape) {
      this.id = id;
      this.kind = kind;
      this.name = name;
      this.shape = shape;
    }

    /** The operation or tensor name. */
    public String name() {
      return name;
    }

    /** What the node stands for. */
    public Kind kind() {
      return kind;
    }

    /** The shape of the tensor this node produces or holds. */
    public int[] shape() {
      return shape.clone();
    }

    /** The nodes whose outputs feed this one. */
    public List<Node> inputs() {
      return List.copyOf(inputs);
    }

    String shapeText() {
      return Arrays.toString(shape);
    }
  }

  private final List<Node> nodes;
  private final Node root;
  private final int layers;
  private int width;
  private int height;

  private Graph(List<Node> nodes, Node root) {
    this.nodes = nodes;
    this.root = root;
    this.layers = layout();
  }

  /** The graph that produced {@code result}. */
  public static Graph of(Tensor result) {
    return of(result, null);
  }

  /** The graph that produced {@code result}, naming {@code model}'s parameters. */
  public static Graph of(Tensor result, Module model) {
    Map<Tensor, String> names = new IdentityHashMap<>();
    if (model != null) {
      for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
        names.put(e.getValue(), e.getKey());
      }
    }
    Map<Object, Node> seen = new IdentityHashMap<>();
    List<Node> nodes = new ArrayList<>();
    Node root = node(result, seen, nodes, names);
    Deque<Tensor> todo = new ArrayDeque<>();
    todo.add(result);
    Map<Object, Boolean> expanded = new IdentityHashMap<>();
    while (!todo.isEmpty()) {
      Tensor t = todo.poll();
      Function f = t.gradFn();
      if (f == null || expanded.put(f, Boolean.TRUE) != null) {
        continue;
      }
      Node n = seen.get(f);
      for (Tensor in : f.inputs()) {
        Node m = node(in, seen, nodes, names);
        n.inputs.add(m);
        m.consumers.add(n);
        todo.add(in);
      }
    }
    return new Graph(nodes, root);
  }

  private static Node node(
      Tensor t, Map<Object, Node> seen, List<Node> nodes, Map<Tensor, String> names) {
    Object key = t.gradFn() != null ? t.gradFn() : t;
    Node n = seen.get(key);
    if (n == null) {
      if (t.gradFn() != null) {
        n = new Node(nodes.size(), Kind.OP, t.gradFn().name(), t.shape());
      } else if (t.requiresGrad()) {
        n = new Node(nodes.size(), Kind.PARAMETER, names.getOrDefault(t, "parameter"), t.shape());
      } else {
        n = new Node(nodes.size(), Kind.CONSTANT, t.numel() == 1 ? "constant" : "input", t.shape());
      }
      seen.put(key, n);
      nodes.add(n);
    }
    return n;
  }

  /** The nodes, the result first. */
  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Number of nodes of a kind. */
  public long count(Kind kind) {
    return nodes.stream().filter(n -> n.kind == kind).count();
  }

  // ---- layout -------------------------------------------------------------------------------

  /** Assigns layers (0 = the result, at the bottom) and x positions; returns the layer count. */
  private int layout() {
    // longest path from the root: a node sits above all of its consumers
    List<Node> order = topological();
    for (Node n : order) {
      for (Node in : n.inputs) {
        in.layer = Math.max(in.layer, n.layer + 1);
      }
    }
    int count = 0;
    for (Node n : nodes) {
      count = Math.max(count, n.layer + 1);
      n.width =
          Math.max(Raster.textWidth(n.name, NAME), Raster.textWidth(n.shapeText(), DETAIL)) + 16;
    }
    List<List<Node>> byLayer = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byLayer.add(new ArrayList<>());
    }
    for (Node n : order) {
      byLayer.get(n.layer).add(n);
    }
    // place layer by layer from the result upwards, each node near its consumers' barycentre
    int widest = 0;
    for (List<Node> layer : byLayer) {
      widest = Math.max(widest, layer.stream().mapToInt(n -> n.width + NODE_GAP).sum());
    }
    for (int i = 0; i < count; i++) {
      List<Node> layer = byLayer.get(i);
      if (i > 0) {
        for (Node n : layer) {
          n.x = n.consumers.stream().mapToDouble(c -> c.x).average().orElse(0);
        }
        layer.sort(Comparator.comparingDouble(n -> n.x));
      }
      double total = layer.stream().mapToInt(n -> n.width + NODE_GAP).sum() - NODE_GAP;
      double want = layer.stream().mapToDouble(n -> n.x).average().orElse(widest / 2.0);
      double left = i == 0 ? widest / 2.0 - total / 2 : Math.max(0, want - total / 2);
      left = Math.min(left, widest - total);
      double cursor = Math.max(0, left);
      for (Node n : layer) {
        double centre = cursor + n.width / 2.0;
        n.x = centre;
        cursor += n.width + NODE_GAP;
      }
    }
    width = widest + 2 * MARGIN;
    height = count * (BOX_H + LAYER_GAP) - LAYER_GAP + 2 * MARGIN;
    return count;
  }

  /** Nodes ordered so every node comes before its inputs (the root first). */
  private List<Node> topological() {
    Map<Node, Integer> pending = new IdentityHashMap<>();
    for (Node n : nodes) {
      pending.put(n, n.consumers.size());
    }
    List<Node> out = new ArrayList<>();
    Deque<Node> ready = new ArrayDeque<>();
    ready.add(root);
    while (!ready.isEmpty()) {
      Node n = ready.poll();
      out.add(n);
      for (Node in : n.inputs) {
        if (pending.merge(in, -1, Integer::sum) == 0) {
          ready.add(in);
        }
      }
    }
    return out;
  }

  private double top(Node n) {
    return MARGIN + (layers - 1 - n.layer) * (BOX_H + LAYER_GAP);
  }

  @Override
  public int width() {
    return nodes.size() > MAX_DRAWN ? 400 : Math.max(width, 120);
  }

  @Override
  public int height() {
    return nodes.size() > MAX_DRAWN ? 40 : height;
  }

  @Override
  protected void paint(Graphics2D g) {
    if (nodes.size() > MAX_DRAWN) {
      g.setColor(Theme.TEXT);
      g.setFont(DETAIL);
      g.drawString(nodes.size() + " nodes: too many to draw, see the text form", 8, 24);
      return;
    }
    g.setStroke(new BasicStroke(1.2f));
    for (Node n : nodes) {
      for (Node in : n.inputs) {
        double x1 = MARGIN + in.x;
        double y1 = top(in) + BOX_H;
        double x2 = MARGIN + n.x;
        double y2 = top(n);
        g.setColor(new Color(0x888888));
        Path2D p = new Path2D.Double();
        p.moveTo(x1, y1);
        double mid = (y1 + y2) / 2;
        p.curveTo(x1, mid, x2, mid, x2, y2 - 5);
        g.draw(p);
        Path2D head = new Path2D.Double();
        head.moveTo(x2, y2);
        head.lineTo(x2 - 4, y2 - 7);
        head.lineTo(x2 + 4, y2 - 7);
        head.closePath();
        g.fill(head);
      }
    }
    for (Node n : nodes) {
      double x = MARGIN + n.x - n.width / 2.0;
      double y = top(n);
      Color fill;
      Color border;
      if (n == root) {
        fill = new Color(0xfde0c5);
        border = new Color(0xff7f0e);
      } else if (n.kind == Kind.OP) {
        fill = new Color(0xe6eef8);
        border = new Color(0x1f77b4);
      } else if (n.kind == Kind.PARAMETER) {
        fill = new Color(0xdff0d8);
        border = new Color(0x2ca02c);
      } else {
        fill = new Color(0xf0f0f0);
        border = new Color(0x999999);
      }
      RoundRectangle2D box = new RoundRectangle2D.Double(x, y, n.width, BOX_H, 8, 8);
      g.setColor(fill);
      g.fill(box);
      g.setColor(border);
      g.draw(box);
      g.setColor(Theme.TEXT);
      g.setFont(NAME);
      Raster.centered(g, n.name, MARGIN + n.x, y + 15);
      g.setFont(DETAIL);
      g.setColor(new Color(0x555555));
      Raster.centered(g, n.shapeText(), MARGIN + n.x, y + 29);
    }
  }

  /** The graph as text: one line per node, the result first, inputs by number. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append("Graph of ")
        .append(root.name)
        .append(' ')
        .append(root.shapeText())
        .append(": ")
        .append(count(Kind.OP))
        .append(" ops, ")
        .append(count(Kind.PARAMETER))
        .append(" parameters, ")
        .append(count(Kind.CONSTANT))
        .append(" constants");
    for (Node n : topological()) {
      b.append('\n')
          .append(String.format("%4s ", "#" + n.id))
          .append(n.name)
          .append(' ')
          .append(n.shapeText());
      if (n.kind == Kind.PARAMETER) {
        b.append(" (requires grad)");
      }
      if (!n.inputs.isEmpty()) {
        b.append(" ← ");
        for (int i = 0; i < n.inputs.size(); i++) {
          b.append(i == 0 ? "#" : ", #").append(n.inputs.get(i).id);
        }
      }
    }
    return b.toString();
  }

  @Override
  protected String describe() {
    return text();
  }
}
