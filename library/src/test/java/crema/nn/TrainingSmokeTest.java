package crema.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.optim.SGD;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The layers train: a small CNN with batch norm and dropout fits a fixed batch of a synthetic
 * two-class image problem (bright left half or bright right half), with optim's SGD.
 */
class TrainingSmokeTest {

  @Test
  void smallCnnLearnsVerticalEdges() {
    Rng.manualSeed(11);
    Rng rng = new Rng(5);
    int n = 32;
    float[] img = new float[n * 8 * 8];
    int[] labels = new int[n];
    for (int s = 0; s < n; s++) {
      labels[s] = s % 2;
      for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 8; c++) {
          boolean bright = labels[s] == 0 ? c < 4 : c >= 4;
          img[s * 64 + r * 8 + c] = (bright ? 1f : 0f) + 0.3f * rng.nextGaussian();
        }
      }
    }
    Tensor x = Tensor.of(img, n, 1, 8, 8);
    var model =
        new Sequential(
            new Conv2d(1, 4, 3, 1, 1),
            new BatchNorm2d(4),
            new ReLU(),
            new MaxPool2d(2),
            new Flatten(),
            new Dropout(0.1),
            new Linear(4 * 4 * 4, 2));
    var opt = new SGD(model.parameters(), 0.1, 0.9);
    var lossFn = new CrossEntropyLoss();
    float first = 0, last = 0;
    for (int step = 0; step < 30; step++) {
      opt.zeroGrad();
      Tensor loss = lossFn.forward(model.forward(x), labels);
      loss.backward();
      opt.step();
      if (step == 0) first = loss.item();
      last = loss.item();
    }
    assertTrue(last < 0.2 * first, "loss " + first + " -> " + last);
    model.eval();
    Tensor pred = model.forward(x).argmax(1);
    int correct = 0;
    for (int s = 0; s < n; s++) if ((int) pred.data()[s] == labels[s]) correct++;
    assertTrue(correct >= n - 1, correct + "/" + n + " correct in eval mode");
  }
}
