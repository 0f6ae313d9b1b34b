package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.nn.Linear;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.tensor.Tensor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GraphTest {
  @Test
  void opsParametersAndConstantsOfASmallExpression() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor w = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2).requiresGrad(true);
    Tensor b = Tensor.of(new float[] {0.5f, -0.5f}, 2).requiresGrad(true);
    Tensor loss = x.matmul(w).add(b).relu().sum();
    Graph g = Graph.of(loss);
    assertEquals(2, g.count(Graph.Kind.PARAMETER));
    assertEquals(1, g.count(Graph.Kind.CONSTANT));
    List<String> ops =
        g.nodes().stream()
            .filter(n -> n.kind() == Graph.Kind.OP)
            .map(Graph.Node::name)
            .collect(Collectors.toList());
    assertEquals(4, ops.size(), ops.toString());
    assertEquals(loss.gradFn().name(), g.nodes().get(0).name(), "the result comes first");
    assertEquals(0, g.nodes().get(0).shape().length, "a scalar result");
    MimeBundle bundle = g.toMimeBundle();
    String svg = bundle.get(MimeBundle.SVG);
    VizAssert.svg(svg);
    for (String op : ops) {
      assertTrue(svg.contains(">" + op + "<"), "op name " + op + " drawn");
    }
    assertTrue(svg.contains(">[2, 3]<"), "shape drawn");
    assertEquals(g.width(), VizAssert.png(bundle).getWidth());
    String text = bundle.get(MimeBundle.PLAIN);
    assertTrue(text.startsWith("Graph of " + ops.get(0) + " []: 4 ops, 2 parameters, 1 constants"));
    assertTrue(text.contains("(requires grad)"));
  }

  @Test
  void sharedSubexpressionsAreOneNodeAndLayersGoUp() {
    Tensor a = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
    Tensor s = a.mul(a); // a used twice: one node, two edges
    Tensor loss = s.add(s).sum();
    Graph g = Graph.of(loss);
    assertEquals(1, g.count(Graph.Kind.PARAMETER));
    assertEquals(3, g.count(Graph.Kind.OP));
    Graph.Node mul =
        g.nodes().stream().filter(n -> n.name().equals(s.gradFn().name())).findFirst().get();
    assertEquals(2, mul.inputs().size());
    assertTrue(mul.inputs().get(0) == mul.inputs().get(1));
  }

  @Test
  void parameterNamesComeFromTheModel() {
    Sequential m = new Sequential(new Linear(3, 2), new ReLU(), new Linear(2, 1));
    Tensor loss = m.forward(Tensor.ones(4, 3)).mean();
    Graph g = Graph.of(loss, m);
    List<String> params =
        g.nodes().stream()
            .filter(n -> n.kind() == Graph.Kind.PARAMETER)
            .map(Graph.Node::name)
            .sorted()
            .collect(Collectors.toList());
    assertEquals(List.of("0.bias", "0.weight", "2.bias", "2.weight"), params);
    VizAssert.svg(g.toSvg());
  }
}
