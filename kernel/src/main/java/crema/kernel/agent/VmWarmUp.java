package crema.kernel.agent;

import crema.backend.ArrayPool;
import crema.display.Renderers;
import crema.models.LeNet5;
import crema.models.VAE;
import crema.nn.BCELoss;
import crema.nn.Conv2d;
import crema.nn.CrossEntropyLoss;
import crema.nn.Flatten;
import crema.nn.LSTM;
import crema.nn.LearnedPositionalEncoding;
import crema.nn.Linear;
import crema.nn.MaxPool2d;
import crema.nn.Module;
import crema.nn.ReLU;
import crema.nn.Reduction;
import crema.nn.Sequential;
import crema.nn.Sigmoid;
import crema.nn.TransformerEncoder;
import crema.nn.TransformerEncoderLayer;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import crema.viz.Plots;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Warms the user VM in the background, so that the participant's first value and first chart do not
 * pay for loading and linking the rendering code.
 *
 * <ul>
 *   <li>At start, while the kernel is still compiling the notebook's imports: rendering a value
 *       (here {@code 2}, a string, an array) loads {@link Renderers}, its renderer table and the
 *       JSON writer, about 30 ms on an idle machine, ten times that on a busy one.
 *   <li>Once the first snippet has run and no user code has run for {@link #QUIET_MS} ms: the first
 *       chart loads fonts, XChart, ImageIO and the SVG writer, 1-2 s of CPU on an idle machine
 *       ({@link Plots#warmUp()}). Earlier, or while cells follow each other, it would compete with
 *       them for the CPU; this way it uses the time the participant spends reading. A chart that
 *       arrives meanwhile waits for the classes being initialised instead of initialising them
 *       again.
 *   <li>In the same quiet time: training steps of each family of the course's models (MLP,
 *       convolutions with and without padding, LSTM, transformer encoder, a sigmoid/BCE
 *       autoencoder, the VAE), in the {@link #PHASES} (batch 8, then some at batch 64), then in
 *       rounds until the JIT has settled ({@link JitSettling}), so that the JIT has compiled the
 *       library's code before the participant's first epoch: without it the first epoch in a fresh
 *       kernel ran at half the steady speed. Step by step, and only while no user code runs: a cell
 *       that starts waits at most for the step in progress (a few milliseconds; about 4 ms for the
 *       VAE at batch 64), and the warm-up resumes once the VM is quiet again. The models draw their
 *       initial weights from the global generator, whose state is saved and restored around their
 *       construction, so {@code Rng.manualSeed} and the default seed give the participant the same
 *       weights as without the warm-up. Its garbage is collected every few MB ({@link EdenCap}), so
 *       that the idle VM does not keep a whole young generation written by a warm-up.
 * </ul>
 *
 * Both run on daemon threads of their own. {@code CREMA_WARMUP=0} turns them off (as it does the
 * kernel's own warm-up).
 */
final class VmWarmUp {
  /** How long no user code must have run before the chart and training warm-ups start. */
  static final long QUIET_MS = 1000;

  /** The families of the course's models that the warm-up trains. */
  enum Family {
    MLP,
    LENET,
    CNN,
    LSTM,
    TRANSFORMER,
    AUTOENCODER,
    VAE,
    /**
     * A two-layer MLP written with tensors, as the course's backprop notebook has participants
     * write it: {@code relu(x·W1 + b1)·W2 + b2}, each bias broadcast over the batch, so that
     * autograd reduces its gradient over the batch itself (see {@link #PHASES}).
     */
    TENSOR_MLP
  }

  /**
   * One pass of the training warm-up: {@code steps} steps of each family, at batch {@code batch};
   * the families one after the other, or {@code interleaved}: one step of each in turn.
   */
  record Phase(int batch, int steps, Set<Family> families, boolean interleaved) {}

  /**
   * The training warm-up's passes.
   *
   * <ol>
   *   <li>Many small steps of every family: the JIT compiles a loop after many iterations, so small
   *       steps warm the library's kernels soonest per CPU second.
   *   <li>Many more small steps of the cheapest families (about 2 ms a round together), one step of
   *       each in turn: the autograd engine's backward pass, the optimizer's step and a layer's
   *       forward are called once or a few times per step, and C2 compiles a method after about
   *       5,000 calls, from the branch profile of the steps just before. One of these families
   *       writes its MLP with tensors ({@link Family#TENSOR_MLP}), so its biases' gradients are
   *       reduced over the batch by the engine itself, a path the {@code nn} layers never take.
   *       Before, this phase ran the MLP, autoencoder and VAE one after the other: the engine was
   *       compiled from their profile, where that path never ran, and the first step of a model
   *       that broadcasts (the transformer's learned positions, a participant's own {@code x·W +
   *       b}) threw the compiled engine away ("unstable_if"). How soon it was compiled again
   *       depended on the timing: in one fresh kernel in three it was inside the participant's
   *       first epoch (20 MB of the compiler's memory and half a second of a core, seen on LeNet,
   *       2026-12-05).
   *   <li>More small steps of the transformer, then of the LSTM. The LSTM's fused op runs a whole
   *       sequence per call, so after phase 1 its two per-slice methods had been called about 300
   *       times each, just short of C2's threshold for these loop-heavy methods, and C2 compiled
   *       them (0.3 s) in the participant's first epoch instead.
   *   <li>A few steps of the families of phase 2 at the course's batch size, 64: the VAE's products
   *       are then large enough to be cut over the cores ({@code GemmSplit}), and loops take
   *       branches that batch 8 never takes. Only these families: with every family (or every one
   *       but the CNN) at batch 64, an idle kernel kept 389-406 MB resident instead of 285. With
   *       tens of MB of arrays live, the serial collector's full collections left some in eden, and
   *       the next young collection wrote the survivor spaces, which stay resident.
   * </ol>
   *
   * Without phases 2 and 5, a fresh kernel compiled that code during the participant's first epoch,
   * and on 2 cores the compiler took a core that the cut products wait for: a VAE's first epoch ran
   * at 0.61-0.83 of its steady speed, with 0.8-1.2 s of compiling in it (docs/performance.md).
   */
  static final List<Phase> PHASES =
      List.of(
          new Phase(8, 150, EnumSet.allOf(Family.class), false),
          new Phase(
              8,
              600,
              EnumSet.of(Family.MLP, Family.AUTOENCODER, Family.VAE, Family.TENSOR_MLP),
              true),
          new Phase(8, 200, EnumSet.of(Family.TRANSFORMER), false),
          new Phase(8, 200, EnumSet.of(Family.LSTM), false),
          new Phase(64, 20, EnumSet.of(Family.MLP, Family.AUTOENCODER, Family.VAE), false));

  /** Steps of each family per round while the JIT settles. */
  static final int SETTLE_STEPS = 5;

  private VmWarmUp() {}

  /** Starts both warm-ups, unless {@code CREMA_WARMUP=0}. */
  static void start() {
    if ("0".equals(System.getenv("CREMA_WARMUP"))) {
      return;
    }
    background(
        "crema-vm-warm-up",
        () -> {
          StringBuilder sb = new StringBuilder(256);
          Json.bundle(sb, Renderers.render(Integer.valueOf(2)));
          Json.bundle(sb, Renderers.render("warm-up"));
          Json.bundle(sb, Renderers.render(new double[] {1, 2}));
        });
    background(
        "crema-chart-warm-up",
        () -> {
          awaitQuiet();
          Plots.warmUp();
        });
    background("crema-training-warm-up", VmWarmUp::warmTraining);
  }

  /** One model of the warm-up: its training step on a fixed random batch. */
  interface Step {
    void run();
  }

  /**
   * Trains the families through the {@link #PHASES}, then the last phase's families in rounds of
   * {@link #SETTLE_STEPS} steps until the JIT has settled ({@link JitSettling}); pauses whenever
   * user code runs.
   */
  static void warmTraining() {
    awaitQuiet();
    EdenCap eden = EdenCap.forThisVm(EdenCap.DEFAULT_BYTES);
    List<Step> steps = List.of();
    for (Phase phase : PHASES) {
      steps = withGlobalRngUntouched(() -> trainingSteps(phase.batch(), phase.families()));
      if (steps == null) {
        return;
      }
      if (phase.interleaved()) {
        trainInTurn(steps, phase.steps(), eden);
      } else {
        train(steps, phase.steps(), eden);
      }
    }
    List<Step> last = steps;
    JitSettling.forThisVm().settle(() -> train(last, SETTLE_STEPS, eden));
    // The warm-up's models, and the arrays the pool kept for them, are garbage now: give their
    // memory back while the participant is still idle, rather than at the next idle trim.
    if (IdleTrim.isEnabled()) {
      awaitQuiet();
      IdleTrim.giveMemoryBack();
    }
  }

  /**
   * {@code count} rounds of one step of each family in turn, each only once no user code runs. Any
   * stretch of these steps calls the engine with every family's graphs, so the profile the JIT
   * compiles it from, wherever that stretch falls, has all their paths.
   */
  private static void trainInTurn(List<Step> steps, int count, EdenCap eden) {
    for (int i = 0; i < count; i++) {
      for (Step step : steps) {
        runWhenQuiet(step, eden);
      }
    }
    awaitQuiet();
    ArrayPool.clear();
  }

  /** {@code count} steps of each family, each only once no user code runs. */
  private static void train(List<Step> steps, int count, EdenCap eden) {
    for (Step step : steps) {
      for (int i = 0; i < count; i++) {
        runWhenQuiet(step, eden);
      }
      // The arrays the pool kept for this family are of no use to the next one. Dropped, they
      // leave the warm-up's live data at one model's, which each of its collections copies (with
      // every family's arrays kept, the live heap grew to 130-150 MB at batch 64).
      awaitQuiet();
      ArrayPool.clear();
    }
  }

  /** One step, once no user code runs, after a collection if the warm-up has filled its eden. */
  private static void runWhenQuiet(Step step, EdenCap eden) {
    awaitQuiet();
    eden.collectIfAbove();
    step.run();
  }

  /**
   * Runs {@code build} with the global generator's state saved before and restored after, holding
   * its lock so that no user draw interleaves.
   */
  static <T> T withGlobalRngUntouched(Supplier<T> build) {
    Rng global = Rng.global();
    synchronized (global) {
      List<Object[]> saved = new ArrayList<>();
      try {
        for (Field f : Rng.class.getDeclaredFields()) {
          if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
            f.setAccessible(true);
            saved.add(new Object[] {f, f.get(global)});
          }
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null; // without a way back to the participant's stream, no warm-up
      }
      try {
        return build.get();
      } finally {
        try {
          for (Object[] fv : saved) {
            ((Field) fv[0]).set(global, fv[1]);
          }
        } catch (ReflectiveOperationException e) {
          // unreachable: the same fields were readable and are not final
        }
      }
    }
  }

  /**
   * The given families of the course's models on 28x28 images, with Adam, at batch {@code batch}.
   * Only those families' models are built.
   */
  static List<Step> trainingSteps(int batch, Set<Family> families) {
    Rng data = new Rng(1);
    Tensor images = imageLike(data, batch, 1, 28, 28);
    int[] labels = new int[batch];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.nextInt(10);
    }
    Tensor rows = imageLike(data, batch, 28, 28);
    List<Step> chosen = new ArrayList<>();
    for (Family f : families) {
      chosen.add(step(f, images, rows, labels));
    }
    return chosen;
  }

  /**
   * Random pixels in [0, 1] with the two values real images are full of: about half exactly 0 (the
   * background of Fashion-MNIST and MNIST) and a few exactly 1 (saturated pixels). Compiled code is
   * specialised for the branches its profile saw taken; with uniform noise, the binary
   * cross-entropy never saw a target of exactly 0 or 1, its compiled loops left those branches out,
   * and the first real batch of a participant's autoencoder or VAE threw them away ("uncommon
   * trap"): they ran interpreted, then half-optimised, for the first second of the first epoch.
   */
  static Tensor imageLike(Rng rng, int... shape) {
    Tensor t = Tensor.rand(rng, shape);
    float[] v = t.data();
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] < 0.5f ? 0f : v[i] > 0.95f ? 1f : v[i];
    }
    return t;
  }

  /** A training step of one family on {@code images} (or their {@code rows} as sequences). */
  private static Step step(Family family, Tensor images, Tensor rows, int[] labels) {
    return switch (family) {
      case MLP ->
          classifier(
              new Sequential(
                  new Flatten(),
                  new Linear(784, 256),
                  new ReLU(),
                  new Linear(256, 128),
                  new ReLU(),
                  new Linear(128, 10)),
              images,
              labels);
      case LENET -> classifier(LeNet5.create(), images, labels);
      case CNN ->
          classifier(
              new Sequential(
                  new Conv2d(1, 32, 3, 1, 1),
                  new ReLU(),
                  new MaxPool2d(2),
                  new Conv2d(32, 64, 3, 1, 1),
                  new ReLU(),
                  new MaxPool2d(2),
                  new Flatten(),
                  new Linear(64 * 7 * 7, 10)),
              images,
              labels);
      case LSTM -> classifier(new LstmRows(), rows, labels);
      case TRANSFORMER -> classifier(new TransformerRows(), rows, labels);
      case AUTOENCODER -> {
        Module ae =
            new Sequential(
                new Flatten(), new Linear(784, 64), new ReLU(), new Linear(64, 784), new Sigmoid());
        Adam aeOpt = new Adam(ae.parameters(), 1e-3);
        // Both reductions, in turn: the mean (BCELoss's default) and the sum of the PyTorch-style
        // VAE, `binary_cross_entropy(recon, x, reduction='sum')`. With the mean alone, the sum's
        // branch of the loss's backward was left out of the compiled code, and the first step of
        // such a VAE threw that code away ("unstable_if").
        BCELoss mean = new BCELoss();
        BCELoss sum = new BCELoss(Reduction.SUM);
        Tensor flat = images.reshape(images.size(0), 784);
        int[] count = {0};
        yield () -> {
          aeOpt.zeroGrad();
          BCELoss bce = count[0]++ % 2 == 0 ? mean : sum;
          bce.forward(ae.forward(images), flat).backward();
          aeOpt.step();
        };
      }
      case VAE -> {
        // The course's VAE: the reparameterisation's noise and exp, the KL term, BCE on logits.
        VAE vae = VAE.mlp(784, 400, 20).seed(2);
        Adam vaeOpt = new Adam(vae.parameters(), 1e-3);
        Tensor flat = images.reshape(images.size(0), 784);
        yield () -> {
          vaeOpt.zeroGrad();
          vae.run(flat).loss().backward();
          vaeOpt.step();
        };
      }
      case TENSOR_MLP -> tensorMlp(images, labels);
    };
  }

  /**
   * {@link Family#TENSOR_MLP}: parameters as plain tensors, the biases broadcast over the batch.
   */
  private static Step tensorMlp(Tensor images, int[] labels) {
    Rng rng = new Rng(3);
    Tensor w1 = Tensor.randn(rng, 784, 64).mul(0.05f).requiresGrad(true);
    Tensor b1 = Tensor.zeros(64).requiresGrad(true);
    Tensor w2 = Tensor.randn(rng, 64, 10).mul(0.1f).requiresGrad(true);
    Tensor b2 = Tensor.zeros(10).requiresGrad(true);
    Adam opt = new Adam(List.of(w1, b1, w2, b2), 1e-3);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    Tensor x = images.reshape(images.size(0), 784);
    return () -> {
      opt.zeroGrad();
      loss.forward(x.matmul(w1).add(b1).relu().matmul(w2).add(b2), labels).backward();
      opt.step();
    };
  }

  private static Step classifier(Module model, Tensor x, int[] labels) {
    Adam opt = new Adam(model.parameters(), 1e-3);
    CrossEntropyLoss loss = new CrossEntropyLoss();
    return () -> {
      opt.zeroGrad();
      loss.forward(model.forward(x), labels).backward();
      opt.step();
    };
  }

  /** Rows of an image as a sequence, through an LSTM, then a linear head. */
  private static final class LstmRows extends Module {
    private final LSTM lstm = new LSTM(28, 128);
    private final Linear head = new Linear(128, 10);

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(lstm.forwardWithState(x).hN().reshape(x.size(0), 128));
    }
  }

  /** Rows of an image as tokens, through a two-layer transformer encoder, then a linear head. */
  private static final class TransformerRows extends Module {
    private final Linear embed = new Linear(28, 64);
    // Learned positions, as the course's notebook has them: the one gradient in these models that
    // autograd reduces over a broadcast itself (see PHASES).
    private final LearnedPositionalEncoding pos = new LearnedPositionalEncoding(28, 64);
    private final TransformerEncoder encoder =
        new TransformerEncoder(() -> new TransformerEncoderLayer(64, 4, 128, 0.0, false), 2);
    private final Linear head = new Linear(64, 10);

    @Override
    public Tensor forward(Tensor x) {
      return head.forward(encoder.forward(pos.forward(embed.forward(x))).mean(1, false));
    }
  }

  /** Waits until a snippet has run and none has run for {@link #QUIET_MS} ms. */
  private static void awaitQuiet() {
    QuietTime.USER.awaitQuiet(QUIET_MS);
  }

  private static void background(String name, Runnable work) {
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (Throwable e) { // best effort: a failure here must never reach the notebook
                // The participant's own first render reports whatever is really broken.
              }
            },
            name);
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }
}
