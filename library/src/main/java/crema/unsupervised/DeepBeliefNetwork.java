package crema.unsupervised;

import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.Sequential;
import crema.nn.Sigmoid;
import crema.optim.SGD;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A deep belief network: a stack of {@link Rbm}s trained greedily, one layer at a time (Hinton,
 * Osindero and Teh, 2006). The first RBM models the data; each next one models the hidden
 * probabilities of the one below, which are its "data":
 *
 * <pre>
 *   x⁽⁰⁾ = x,    RBM_l trained by CD-k on x⁽ˡ⁻¹⁾,    x⁽ˡ⁾ = p(h | x⁽ˡ⁻¹⁾) = σ(c_l + W_l x⁽ˡ⁻¹⁾)
 * </pre>
 *
 * Pretraining needs no labels. The up pass is a sigmoid network, so the stack unrolls into an
 * ordinary {@code crema.nn} classifier ({@link #toClassifier}: {@code Linear(W_l, c_l)} + {@code
 * Sigmoid} per layer, then a new softmax head) that backpropagation fine-tunes on the labels. With
 * few labels, starting from features learnt on many unlabelled images beats starting from random
 * weights: {@link #classifier} builds the same network from scratch for that comparison.
 *
 * <pre>{@code
 * var dbn = new DeepBeliefNetwork(new Rng(0), 784, 256, 64);    // RBMs 784→256 and 256→64
 * dbn.pretrain(unlabelled, 5, 64, 1, 0.05, 0.9, new Rng(1));     // [N, 784], CD-1, 5 epochs each
 * Sequential net = dbn.toClassifier(10);                         // 784→256→64→10, logits
 * Sequential scratch = DeepBeliefNetwork.classifier(10, 784, 256, 64);
 * Tensor sample = dbn.sample(x0, 200, new Rng(2));              // Gibbs in the top RBM, then down
 * }</pre>
 */
public final class DeepBeliefNetwork extends Module {
  /** The RBMs, bottom (data) first; state-dict keys {@code layers.0.weight}, ... */
  public final List<Rbm> layers;

  /** A stack of RBMs with the given layer sizes, e.g. {@code (784, 256, 64)} for two RBMs. */
  public DeepBeliefNetwork(Rng rng, int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "DeepBeliefNetwork: need at least two layer sizes (visible, hidden), got "
              + Arrays.toString(sizes));
    }
    List<Rbm> rbms = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      rbms.add(new Rbm(sizes[l], sizes[l + 1], rng));
    }
    this.layers = List.copyOf(rbms);
  }

  /** The top layer's features {@code p(h | ...)} of x {@code [N, sizes[0]]}: the up pass. */
  @Override
  public Tensor forward(Tensor x) {
    return upPass(x, layers.size());
  }

  /** The hidden probabilities after the first {@code depth} RBMs (0: x itself). */
  public Tensor upPass(Tensor x, int depth) {
    if (depth < 0 || depth > layers.size()) {
      throw new IllegalArgumentException(
          "DeepBeliefNetwork.upPass: depth " + depth + " not in [0, " + layers.size() + "]");
    }
    try (var g = Tensor.noGrad()) {
      Tensor h = x;
      for (int l = 0; l < depth; l++) {
        h = layers.get(l).hiddenProbabilities(h);
      }
      return h;
    }
  }

  /**
   * Greedy layer-wise pretraining: each RBM in turn gets {@code epochs} of CD-k with SGD (learning
   * rate, momentum) on the up pass of the ones below. Returns each layer's reconstruction error per
   * epoch, {@code [layer][epoch]}.
   */
  public double[][] pretrain(
      Tensor x, int epochs, int batchSize, int k, double lr, double momentum, Rng rng) {
    double[][] errors = new double[layers.size()][];
    Tensor data = x;
    for (int l = 0; l < layers.size(); l++) {
      Rbm rbm = layers.get(l);
      if (l == 0) {
        rbm.initVisibleBias(data);
      }
      errors[l] = rbm.fit(data, epochs, batchSize, k, new SGD(rbm.parameters(), lr, momentum), rng);
      try (var g = Tensor.noGrad()) {
        data = rbm.hiddenProbabilities(data);
      }
    }
    return errors;
  }

  /**
   * The pretrained stack unrolled into a classifier: {@code Linear(W_l, c_l), Sigmoid} per RBM
   * (copies, so fine-tuning leaves this DBN as it is), then a fresh {@code Linear(H_top,
   * numClasses)} giving logits for a cross-entropy loss.
   */
  public Sequential toClassifier(int numClasses) {
    List<Module> parts = new ArrayList<>();
    for (Rbm rbm : layers) {
      parts.add(rbm.toLinear());
      parts.add(new Sigmoid());
    }
    parts.add(new Linear(layers.get(layers.size() - 1).hidden, numClasses));
    return new Sequential(parts.toArray(new Module[0]));
  }

  /**
   * The same architecture as {@link #toClassifier} with PyTorch's default random initialisation,
   * for training from scratch: {@code classifier(10, 784, 256, 64)} is 784→256→64→10 with sigmoids.
   */
  public static Sequential classifier(int numClasses, int... sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException(
          "DeepBeliefNetwork.classifier: need at least two layer sizes, got "
              + Arrays.toString(sizes));
    }
    List<Module> parts = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      parts.add(new Linear(sizes[l], sizes[l + 1]));
      parts.add(new Sigmoid());
    }
    parts.add(new Linear(sizes[sizes.length - 1], numClasses));
    return new Sequential(parts.toArray(new Module[0]));
  }

  /**
   * Samples of the generative model: up pass of {@code start} to the top RBM's visible layer,
   * {@code steps} Gibbs steps there, then a deterministic down pass {@code p(v | h)} through the
   * lower RBMs. Returns data-space probabilities {@code [N, sizes[0]]}.
   */
  public Tensor sample(Tensor start, int steps, Rng rng) {
    int top = layers.size() - 1;
    try (var g = Tensor.noGrad()) {
      Tensor v = layers.get(top).gibbs(upPass(start, top), steps, rng);
      for (int l = top - 1; l >= 0; l--) {
        v = layers.get(l).visibleProbabilities(v);
      }
      return v;
    }
  }

  @Override
  protected String extraRepr() {
    int[] sizes = new int[layers.size() + 1];
    sizes[0] = layers.get(0).visible;
    for (int l = 0; l < layers.size(); l++) {
      sizes[l + 1] = layers.get(l).hidden;
    }
    return "sizes=" + Arrays.toString(sizes);
  }
}
