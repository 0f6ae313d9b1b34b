package crema.unsupervised;

import static crema.unsupervised.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.data.FashionMnist;
import crema.nn.Linear;
import crema.nn.Sequential;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepBeliefNetworkTest {

  @Test
  void greedyPretrainingTrainsEachLayerOnTheOneBelow() {
    Tensor x = FashionMnist.train().flatten().x().slice(0, 0, 1000);
    var dbn = new DeepBeliefNetwork(new Rng(0), 784, 64, 32);
    double[][] errors = dbn.pretrain(x, 3, 50, 1, 0.05, 0.9, new Rng(1));
    assertEquals(2, errors.length);
    for (double[] layer : errors) {
      assertTrue(
          layer[2] < layer[0],
          "each layer's reconstruction error falls: " + java.util.Arrays.toString(layer));
    }
    // The second RBM models the first one's features.
    Tensor features = dbn.upPass(x, 1);
    assertEquals(
        dbn.layers.get(1).reconstructionError(features),
        dbn.layers.get(1).reconstructionError(dbn.layers.get(0).hiddenProbabilities(x)),
        1e-9);
    assertTrue(dbn.layers.get(1).reconstructionError(features) < 0.1);
    assertArrayEquals(new int[] {1000, 32}, dbn.forward(x).shape());
    assertArrayEquals(new int[] {4, 784}, dbn.sample(x.slice(0, 0, 4), 10, new Rng(2)).shape());
  }

  @Test
  void theClassifierIsTheUnrolledStackWithANewHead() {
    var dbn = new DeepBeliefNetwork(new Rng(0), 20, 8, 4);
    dbn.layers.get(0).hiddenBias.assign(Tensor.rand(new Rng(1), 8));
    Sequential net = dbn.toClassifier(3);
    Tensor x = Tensor.rand(new Rng(2), 5, 20);
    Tensor body =
        ((Linear) net.get(2)).forward(((Linear) net.get(0)).forward(x).sigmoid()).sigmoid();
    assertClose(dbn.forward(x), body, 1e-6, "unrolled up pass");
    assertArrayEquals(new int[] {5, 3}, net.forward(x).shape());
    // Copies: fine-tuning the classifier leaves the DBN alone.
    assertNotSame(dbn.layers.get(0).weight.data(), ((Linear) net.get(0)).weight.data());
    // From scratch: the same keys and shapes.
    Sequential scratch = DeepBeliefNetwork.classifier(3, 20, 8, 4);
    Map<String, Tensor> a = net.stateDict();
    Map<String, Tensor> b = scratch.stateDict();
    assertEquals(a.keySet(), b.keySet());
    a.forEach((k, v) -> assertArrayEquals(v.shape(), b.get(k).shape(), k));
    assertEquals(
        List.of(
            "layers.0.weight",
            "layers.0.visible_bias",
            "layers.0.hidden_bias",
            "layers.1.weight",
            "layers.1.visible_bias",
            "layers.1.hidden_bias"),
        List.copyOf(dbn.stateDict().keySet()));
  }

  @Test
  void badSizesGetClearErrors() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> new DeepBeliefNetwork(new Rng(0), 784));
    assertTrue(e.getMessage().contains("at least two"), e.getMessage());
    var dbn = new DeepBeliefNetwork(new Rng(0), 6, 4);
    e = assertThrows(IllegalArgumentException.class, () -> dbn.upPass(Tensor.zeros(2, 6), 2));
    assertTrue(e.getMessage().contains("depth 2"), e.getMessage());
  }
}
