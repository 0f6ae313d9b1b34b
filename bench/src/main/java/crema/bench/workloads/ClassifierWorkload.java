package crema.bench.workloads;

import crema.bench.Workload;
import crema.nn.CrossEntropyLoss;
import crema.nn.Module;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * The training step every classifier workload shares, written as a workshop participant would:
 * {@code zeroGrad, forward, CrossEntropyLoss, backward, step} with Adam.
 *
 * <p>Subclasses only say which {@link Module} to build and what input shape it takes.
 */
abstract class ClassifierWorkload implements Workload {
  private final CrossEntropyLoss lossFn = new CrossEntropyLoss();
  private Module model;
  private Adam optimizer;

  /** The model, with the library's default (PyTorch's) initialisation. */
  protected abstract Module buildModel();

  /** Input shape of a batch; [B, 1, 28, 28] unless overridden. */
  protected int[] inputShape(int batch) {
    return new int[] {batch, 1, 28, 28};
  }

  @Override
  public void build(long seed, double learningRate) {
    Rng.manualSeed(seed);
    model = buildModel();
    optimizer = new Adam(model.parameters(), learningRate);
  }

  @Override
  public float trainStep(float[] images, int[] labels, int batch) {
    optimizer.zeroGrad();
    Tensor logits = model.forward(Tensor.of(images, inputShape(batch)));
    Tensor loss = lossFn.forward(logits, labels);
    loss.backward();
    optimizer.step();
    return loss.item();
  }

  @Override
  public double evaluate(float[] images, int[] labels, int batch) {
    try (var g = Tensor.noGrad()) {
      float[] predicted = model.forward(Tensor.of(images, inputShape(batch))).argmax(1).data();
      int correct = 0;
      for (int i = 0; i < batch; i++) {
        if ((int) predicted[i] == labels[i]) {
          correct++;
        }
      }
      return correct;
    }
  }

  @Override
  public void infer(float[] images, int batch) {
    try (var g = Tensor.noGrad()) {
      model.forward(Tensor.of(images, inputShape(batch)));
    }
  }

  @Override
  public void train(boolean on) {
    model.train(on);
  }

  @Override
  public String toString() {
    return String.valueOf(model);
  }
}
