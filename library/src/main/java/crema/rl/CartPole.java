package crema.rl;

import crema.tensor.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * The cart-pole of Barto, Sutton &amp; Anderson (1983), exactly as Gymnasium's {@code CartPole-v1}:
 * a pole hinged on a cart that moves along a track; push the cart left or right to keep the pole
 * upright.
 *
 * <p>State {@code (x, ẋ, θ, θ̇)}; action 0 pushes with {@code F = −10 N}, action 1 with {@code +10
 * N}. With gravity {@code g = 9.8}, cart mass {@code m_c = 1}, pole mass {@code m_p = 0.1}, half
 * pole length {@code l = 0.5}, {@code M = m_c + m_p}:
 *
 * <pre>
 *   t  = (F + m_p l θ̇² sin θ) / M
 *   θ̈ = (g sin θ − cos θ · t) / (l (4/3 − m_p cos² θ / M))
 *   ẍ = t − m_p l θ̈ cos θ / M
 * </pre>
 *
 * integrated with explicit Euler steps of {@code τ = 0.02 s}: {@code x ← x + τ ẋ, ẋ ← ẋ + τ ẍ, θ ←
 * θ + τ θ̇, θ̇ ← θ̇ + τ θ̈} (the new position uses the old velocity). The reward is {@code +1} for
 * every step, the last one included. The episode <b>terminates</b> when {@code |x| > 2.4} or {@code
 * |θ| > 12°}, and is <b>truncated</b> after 500 steps (Gymnasium's {@code TimeLimit}), so the best
 * return is 500. A reset draws each state variable uniformly from {@code [−0.05, 0.05]}. The state
 * is kept in double precision and observed as float32, as in Gymnasium.
 *
 * <pre>{@code
 * var env = new CartPole();
 * float[] obs = env.reset(0).observation();
 * Step<float[]> s = env.step(obs[2] > 0 ? 1 : 0);   // push towards the side the pole leans to
 * }</pre>
 */
public final class CartPole implements Env<float[], Integer> {
  /** Gravity, m/s². */
  public static final double GRAVITY = 9.8;

  /** Mass of the cart, kg. */
  public static final double MASS_CART = 1.0;

  /** Mass of the pole, kg. */
  public static final double MASS_POLE = 0.1;

  /** Half the pole's length, m. */
  public static final double HALF_LENGTH = 0.5;

  /** Magnitude of the push, N. */
  public static final double FORCE = 10.0;

  /** Seconds per step. */
  public static final double TAU = 0.02;

  /** The cart leaves the track beyond this position, m. */
  public static final double X_THRESHOLD = 2.4;

  /** The pole has fallen beyond this angle: 12° in radians. */
  public static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;

  /** Gymnasium's time limit for CartPole-v1. */
  public static final int MAX_EPISODE_STEPS = 500;

  private static final double TOTAL_MASS = MASS_CART + MASS_POLE;
  private static final double POLE_MASS_LENGTH = MASS_POLE * HALF_LENGTH;

  private final int maxEpisodeSteps;
  private final Discrete actionSpace = new Discrete(2);
  private final BoxSpace observationSpace =
      BoxSpace.symmetric(
          (float) (2 * X_THRESHOLD),
          Float.POSITIVE_INFINITY,
          (float) (2 * THETA_THRESHOLD),
          Float.POSITIVE_INFINITY);
  private final Rng rng = new Rng(0);
  private final double[] state = new double[4];
  private int steps;
  private boolean started;
  private boolean over;
  private int lastAction = -1;

  /** CartPole-v1: truncated after 500 steps. */
  public CartPole() {
    this(MAX_EPISODE_STEPS);
  }

  /** A cart-pole truncated after {@code maxEpisodeSteps} steps. */
  public CartPole(int maxEpisodeSteps) {
    if (maxEpisodeSteps <= 0) {
      throw new IllegalArgumentException(
          "CartPole: maxEpisodeSteps must be positive, got " + maxEpisodeSteps);
    }
    this.maxEpisodeSteps = maxEpisodeSteps;
  }

  @Override
  public Reset<float[]> reset(long seed) {
    rng.seed(seed);
    return reset();
  }

  @Override
  public Reset<float[]> reset() {
    double[] s = new double[4];
    for (int i = 0; i < 4; i++) {
      s[i] = -0.05 + 0.1 * rng.nextFloat();
    }
    return resetTo(s);
  }

  /**
   * Starts an episode from the given state {@code (x, ẋ, θ, θ̇)} instead of a random one: for
   * reproducing a published trajectory, or to show a hard start.
   */
  public Reset<float[]> resetTo(double... s) {
    if (s.length != 4) {
      throw new IllegalArgumentException(
          "CartPole.resetTo: the state is (x, x_dot, theta, theta_dot), got "
              + s.length
              + " values");
    }
    System.arraycopy(s, 0, state, 0, 4);
    steps = 0;
    started = true;
    over = false;
    lastAction = -1;
    return new Reset<>(observation(), Map.of());
  }

  @Override
  public Step<float[]> step(Integer action) {
    if (!started) {
      throw new IllegalStateException("CartPole.step: call reset() before the first step");
    }
    if (over) {
      throw new IllegalStateException(
          "CartPole.step: the episode has ended (terminated or truncated); call reset()");
    }
    if (!actionSpace.contains(action)) {
      throw new IllegalArgumentException(
          "CartPole.step: action must be 0 (push left) or 1 (push right), got " + action);
    }
    double x = state[0], xDot = state[1], theta = state[2], thetaDot = state[3];
    double force = action == 1 ? FORCE : -FORCE;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    double thetaAcc =
        (GRAVITY * sin - cos * temp)
            / (HALF_LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
    double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
    state[0] = x + TAU * xDot;
    state[1] = xDot + TAU * xAcc;
    state[2] = theta + TAU * thetaDot;
    state[3] = thetaDot + TAU * thetaAcc;
    steps++;
    lastAction = action;
    boolean terminated =
        state[0] < -X_THRESHOLD
            || state[0] > X_THRESHOLD
            || state[2] < -THETA_THRESHOLD
            || state[2] > THETA_THRESHOLD;
    boolean truncated = !terminated && steps >= maxEpisodeSteps;
    over = terminated || truncated;
    return new Step<>(observation(), 1.0, terminated, truncated, Map.of());
  }

  /** The exact state {@code (x, ẋ, θ, θ̇)} in double precision (a copy). */
  public double[] state() {
    return state.clone();
  }

  /** Steps taken in the current episode. */
  public int steps() {
    return steps;
  }

  private float[] observation() {
    return new float[] {(float) state[0], (float) state[1], (float) state[2], (float) state[3]};
  }

  @Override
  public BoxSpace observationSpace() {
    return observationSpace;
  }

  @Override
  public Discrete actionSpace() {
    return actionSpace;
  }

  /** A 300 × 200 picture: track, cart, pole, and an arrow for the last push. */
  @Override
  public BufferedImage render() {
    return render(300);
  }

  /** A picture {@code width} pixels wide (and two thirds as high), laid out as Gymnasium's. */
  public BufferedImage render(int width) {
    int height = width * 2 / 3;
    double scale = width / (2 * X_THRESHOLD);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      double trackY = height * 0.75;
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(Math.max(1f, width / 300f)));
      g.drawLine(0, (int) trackY, width, (int) trackY);
      double cartW = 50 * width / 600.0;
      double cartH = 30 * width / 600.0;
      double cartX = state[0] * scale + width / 2.0;
      g.fill(new Rectangle2D.Double(cartX - cartW / 2, trackY - cartH / 2, cartW, cartH));
      double poleW = 10 * width / 600.0;
      double poleLen = scale * 2 * HALF_LENGTH;
      double axleY = trackY - cartH / 4;
      AffineTransform saved = g.getTransform();
      g.translate(cartX, axleY);
      g.rotate(state[2]);
      g.setColor(new Color(202, 152, 101));
      g.fill(new Rectangle2D.Double(-poleW / 2, -poleLen + poleW / 2, poleW, poleLen));
      g.setTransform(saved);
      g.setColor(new Color(129, 132, 203));
      int r = (int) Math.max(2, poleW / 2);
      g.fillOval((int) (cartX - r), (int) (axleY - r), 2 * r, 2 * r);
      if (lastAction >= 0) {
        g.setColor(new Color(214, 39, 40));
        int dir = lastAction == 1 ? 1 : -1;
        int ay = (int) (trackY + cartH);
        int ax = (int) cartX;
        int len = (int) (cartW * 0.6);
        g.drawLine(ax - dir * len / 2, ay, ax + dir * len / 2, ay);
        g.fillPolygon(
            new int[] {ax + dir * len / 2 + dir * 6, ax + dir * len / 2, ax + dir * len / 2},
            new int[] {ay, ay - 4, ay + 4},
            3);
      }
      g.setColor(Color.DARK_GRAY);
      g.setFont(g.getFont().deriveFont(Math.max(10f, width / 30f)));
      g.drawString("step " + steps, 6, g.getFontMetrics().getAscent() + 2);
    } finally {
      g.dispose();
    }
    return img;
  }

  @Override
  public String toString() {
    return "CartPole(maxEpisodeSteps=" + maxEpisodeSteps + ")";
  }
}
