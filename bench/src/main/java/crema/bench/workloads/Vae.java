package crema.bench.workloads;

import crema.bench.Workload;
import crema.nn.BCELoss;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.Reduction;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * VAE 784-400-20 (Kingma &amp; Welling), the mirror of {@code models.VAE} in bench/torch.
 *
 * <p>Loss per batch: (BCE summed over pixels + KL(q(z|x) ‖ N(0, I))) / B, with {@code z = μ + σ·ε}
 * in training and {@code z = μ} in evaluation, so the test loss is deterministic.
 */
public final class Vae implements Workload {

  /** Encoder and decoder as one module, so that {@code parameters()} finds all five layers. */
  static final class Model extends Module {
    final Linear enc = new Linear(784, 400);
    final Linear fcMu = new Linear(400, 20);
    final Linear fcLogvar = new Linear(400, 20);
    final Linear dec1 = new Linear(20, 400);
    final Linear dec2 = new Linear(400, 784);

    /** The reconstruction of x through z = μ. */
    @Override
    public Tensor forward(Tensor x) {
      return decode(fcMu.forward(enc.forward(x).relu()));
    }

    Tensor decode(Tensor z) {
      return dec2.forward(dec1.forward(z).relu()).sigmoid();
    }
  }

  private final BCELoss bce = new BCELoss(Reduction.SUM);
  private Model model;
  private Adam optimizer;
  private Rng rng;

  @Override
  public void build(long seed, double learningRate) {
    Rng.manualSeed(seed);
    rng = new Rng(seed + 1);
    model = new Model();
    optimizer = new Adam(model.parameters(), learningRate);
  }

  private Tensor loss(Tensor x, int batch, boolean sample) {
    Tensor h = model.enc.forward(x).relu();
    Tensor mu = model.fcMu.forward(h);
    Tensor logvar = model.fcLogvar.forward(h);
    Tensor z = sample ? mu.add(Tensor.randn(rng, mu.shape()).mul(logvar.mul(0.5f).exp())) : mu;
    Tensor recon = model.decode(z);
    Tensor kld = logvar.add(1f).sub(mu.mul(mu)).sub(logvar.exp()).sum().mul(-0.5f);
    return bce.forward(recon, x).add(kld).div((float) batch);
  }

  @Override
  public float trainStep(float[] images, int[] labels, int batch) {
    optimizer.zeroGrad();
    Tensor loss = loss(Tensor.of(images, batch, 784), batch, true);
    loss.backward();
    optimizer.step();
    return loss.item();
  }

  @Override
  public double evaluate(float[] images, int[] labels, int batch) {
    try (var g = Tensor.noGrad()) {
      return loss(Tensor.of(images, batch, 784), batch, false).item() * batch;
    }
  }

  @Override
  public String metricName() {
    return "test loss/sample";
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
