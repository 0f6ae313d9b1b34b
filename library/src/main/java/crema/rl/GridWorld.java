package crema.rl;

import crema.tensor.Rng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * A grid world drawn from a text map, with Gymnasium's two classics as presets: {@link
 * #frozenLake(boolean) FrozenLake} and {@link #cliffWalking() CliffWalking} (Sutton &amp; Barto,
 * Example 6.6). The agent moves one cell per step; a move into the wall leaves it in place.
 *
 * <p>Map letters: {@code S} start, {@code F} free, {@code H} hole (the episode terminates, reward
 * 0), {@code C} cliff (reward {@code cliffReward}, back to the start, the episode goes on), {@code
 * G} goal (terminates). Entering the goal earns {@code goalReward}, any other move {@code
 * stepReward}. States are numbered row by row, {@code s = row · columns + column}, as in Gymnasium.
 *
 * <p>On a slippery grid the intended move happens with probability 1/3 and each of the two
 * perpendicular moves with 1/3. The whole model is available through {@link #transitions(int, int)}
 * (Gymnasium's {@code env.P}), which is what {@link ValueIteration} plans with.
 *
 * <pre>{@code
 * GridWorld cliff = GridWorld.cliffWalking();
 * int s = cliff.reset(0).observation();        // 36, bottom-left
 * Step<Integer> st = cliff.step(GridWorld.CLIFF_UP);   // reward −1
 * }</pre>
 */
public final class GridWorld implements Env<Integer, Integer> {
  /** FrozenLake's action numbers: 0 left, 1 down, 2 right, 3 up. */
  public static final int LAKE_LEFT = 0;

  /** FrozenLake: down. */
  public static final int LAKE_DOWN = 1;

  /** FrozenLake: right. */
  public static final int LAKE_RIGHT = 2;

  /** FrozenLake: up. */
  public static final int LAKE_UP = 3;

  /** CliffWalking's action numbers: 0 up, 1 right, 2 down, 3 left. */
  public static final int CLIFF_UP = 0;

  /** CliffWalking: right. */
  public static final int CLIFF_RIGHT = 1;

  /** CliffWalking: down. */
  public static final int CLIFF_DOWN = 2;

  /** CliffWalking: left. */
  public static final int CLIFF_LEFT = 3;

  // Row and column offsets of each action, in the environment's own numbering. Both Gymnasium
  // numberings go round the compass, so (a ± 1) mod 4 are the two perpendicular moves.
  private static final int[][] LAKE_MOVES = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}};
  private static final int[][] CLIFF_MOVES = {{-1, 0}, {0, 1}, {1, 0}, {0, -1}};
  private static final String[] LAKE_ARROWS = {"←", "↓", "→", "↑"};
  private static final String[] CLIFF_ARROWS = {"↑", "→", "↓", "←"};

  private final String name;
  private final char[][] map;
  private final int rows;
  private final int cols;
  private final int[][] moves;
  private final String[] arrows;
  private final boolean slippery;
  private final double stepReward;
  private final double goalReward;
  private final double cliffReward;
  private final int maxEpisodeSteps;
  private final int start;
  private final Transition[][][] model;
  private final Discrete observationSpace;
  private final Discrete actionSpace = new Discrete(4);
  private final Rng rng = new Rng(0);
  private int state = -1;
  private int steps;
  private boolean over;

  private GridWorld(
      String name,
      String[] rowsOfMap,
      int[][] moves,
      String[] arrows,
      boolean slippery,
      double stepReward,
      double goalReward,
      double cliffReward,
      int maxEpisodeSteps) {
    this.name = name;
    this.rows = rowsOfMap.length;
    this.cols = rowsOfMap[0].length();
    this.map = new char[rows][];
    int startAt = -1;
    for (int r = 0; r < rows; r++) {
      if (rowsOfMap[r].length() != cols) {
        throw new IllegalArgumentException(
            "GridWorld: map row "
                + r
                + " has "
                + rowsOfMap[r].length()
                + " cells, expected "
                + cols);
      }
      map[r] = rowsOfMap[r].toCharArray();
      for (int c = 0; c < cols; c++) {
        char ch = map[r][c];
        if ("SFHCG".indexOf(ch) < 0) {
          throw new IllegalArgumentException(
              "GridWorld: unknown map letter '" + ch + "' at row " + r + ", column " + c);
        }
        if (ch == 'S') {
          if (startAt >= 0) {
            throw new IllegalArgumentException("GridWorld: the map has more than one start S");
          }
          startAt = r * cols + c;
        }
      }
    }
    if (startAt < 0) {
      throw new IllegalArgumentException("GridWorld: the map has no start S");
    }
    this.start = startAt;
    this.moves = moves;
    this.arrows = arrows;
    this.slippery = slippery;
    this.stepReward = stepReward;
    this.goalReward = goalReward;
    this.cliffReward = cliffReward;
    this.maxEpisodeSteps = maxEpisodeSteps;
    this.observationSpace = new Discrete(rows * cols);
    this.model = buildModel();
  }

  /**
   * Gymnasium's {@code FrozenLake-v1} on the 4 × 4 map {@code SFFF / FHFH / FFFH / HFFG}: reward 1
   * for reaching the goal, 0 otherwise, holes end the episode, truncated after 100 steps. Slippery
   * (the default in Gymnasium) makes the ice move the agent sideways two times in three.
   */
  public static GridWorld frozenLake(boolean slippery) {
    String[] m = {"SFFF", "FHFH", "FFFH", "HFFG"};
    String title = slippery ? "FrozenLake (slippery)" : "FrozenLake";
    return new GridWorld(title, m, LAKE_MOVES, LAKE_ARROWS, slippery, 0, 1, 0, 100);
  }

  /**
   * Gymnasium's {@code CliffWalking-v1}: a 4 × 12 grid, start bottom-left, goal bottom-right, the
   * cells between them a cliff. Every step costs −1, falling off the cliff −100 and a return to the
   * start. No time limit. The optimal path runs along the cliff edge: 13 steps, return −13.
   */
  public static GridWorld cliffWalking() {
    String[] m = {"FFFFFFFFFFFF", "FFFFFFFFFFFF", "FFFFFFFFFFFF", "SCCCCCCCCCCG"};
    return new GridWorld(
        "CliffWalking", m, CLIFF_MOVES, CLIFF_ARROWS, false, -1, -1, -100, Integer.MAX_VALUE);
  }

  /**
   * A grid of your own, with FrozenLake's action numbering (0 left, 1 down, 2 right, 3 up).
   *
   * @param map rows of letters {@code S F H C G}, all the same length, exactly one {@code S}
   * @param slippery whether moves slip sideways (1/3 each way)
   * @param stepReward reward for entering a free cell
   * @param goalReward reward for entering the goal
   * @param cliffReward reward for stepping into a cliff cell (then back to the start)
   * @param maxEpisodeSteps the time limit ({@code Integer.MAX_VALUE} for none)
   */
  public static GridWorld custom(
      String[] map,
      boolean slippery,
      double stepReward,
      double goalReward,
      double cliffReward,
      int maxEpisodeSteps) {
    if (map == null || map.length == 0 || map[0].isEmpty()) {
      throw new IllegalArgumentException("GridWorld: the map is empty");
    }
    return new GridWorld(
        "GridWorld",
        map,
        LAKE_MOVES,
        LAKE_ARROWS,
        slippery,
        stepReward,
        goalReward,
        cliffReward,
        maxEpisodeSteps);
  }

  private Transition[][][] buildModel() {
    int n = rows * cols;
    Transition[][][] p = new Transition[n][4][];
    for (int s = 0; s < n; s++) {
      for (int a = 0; a < 4; a++) {
        if (isTerminal(s)) {
          p[s][a] = new Transition[] {new Transition(1.0, s, 0, true)};
        } else if (slippery) {
          p[s][a] =
              new Transition[] {
                outcome(s, (a + 3) % 4, 1.0 / 3),
                outcome(s, a, 1.0 / 3),
                outcome(s, (a + 1) % 4, 1.0 / 3)
              };
        } else {
          p[s][a] = new Transition[] {outcome(s, a, 1.0)};
        }
      }
    }
    return p;
  }

  private Transition outcome(int s, int move, double probability) {
    int r = Math.min(rows - 1, Math.max(0, s / cols + moves[move][0]));
    int c = Math.min(cols - 1, Math.max(0, s % cols + moves[move][1]));
    char cell = map[r][c];
    int next = r * cols + c;
    return switch (cell) {
      case 'C' -> new Transition(probability, start, cliffReward, false);
      case 'G' -> new Transition(probability, next, goalReward, true);
      case 'H' -> new Transition(probability, next, stepReward, true);
      default -> new Transition(probability, next, stepReward, false);
    };
  }

  /** The number of states, {@code rows · columns}. */
  public int numStates() {
    return rows * cols;
  }

  /** The number of actions, 4. */
  public int numActions() {
    return 4;
  }

  /** Rows of the grid. */
  public int rows() {
    return rows;
  }

  /** Columns of the grid. */
  public int cols() {
    return cols;
  }

  /** The start state. */
  public int start() {
    return start;
  }

  /** The map letter of state {@code s}. */
  public char cell(int s) {
    checkState(s);
    return map[s / cols][s % cols];
  }

  /** Whether {@code s} ends the episode when entered: a goal or a hole. */
  public boolean isTerminal(int s) {
    char ch = cell(s);
    return ch == 'G' || ch == 'H';
  }

  /** An arrow for action {@code a} in this world's numbering, e.g. "→". */
  public String arrow(int a) {
    return arrows[a];
  }

  /**
   * The outcomes of action {@code a} in state {@code s} (Gymnasium's {@code env.P[s][a]}). A
   * terminal state is absorbing: every action stays there with reward 0.
   */
  public List<Transition> transitions(int s, int a) {
    checkState(s);
    if (!actionSpace.contains(a)) {
      throw new IllegalArgumentException("GridWorld: action must be 0..3, got " + a);
    }
    return List.of(model[s][a]);
  }

  @Override
  public Reset<Integer> reset(long seed) {
    rng.seed(seed);
    return reset();
  }

  @Override
  public Reset<Integer> reset() {
    state = start;
    steps = 0;
    over = false;
    return new Reset<>(state, Map.of("prob", 1.0));
  }

  @Override
  public Step<Integer> step(Integer action) {
    if (state < 0) {
      throw new IllegalStateException(name + ".step: call reset() before the first step");
    }
    if (over) {
      throw new IllegalStateException(name + ".step: the episode has ended; call reset()");
    }
    if (!actionSpace.contains(action)) {
      throw new IllegalArgumentException(name + ".step: action must be 0..3, got " + action);
    }
    Transition[] outcomes = model[state][action];
    Transition t = outcomes[outcomes.length == 1 ? 0 : sample(outcomes)];
    state = t.next();
    steps++;
    boolean truncated = !t.terminated() && steps >= maxEpisodeSteps;
    over = t.terminated() || truncated;
    return new Step<>(
        state, t.reward(), t.terminated(), truncated, Map.of("prob", t.probability()));
  }

  private int sample(Transition[] outcomes) {
    double u = rng.nextFloat();
    double cumulative = 0;
    for (int i = 0; i < outcomes.length; i++) {
      cumulative += outcomes[i].probability();
      if (u < cumulative) {
        return i;
      }
    }
    return outcomes.length - 1;
  }

  /** The agent's current state. */
  public int state() {
    return state;
  }

  private void checkState(int s) {
    if (s < 0 || s >= rows * cols) {
      throw new IllegalArgumentException(
          name + ": state " + s + " is outside 0.." + (rows * cols - 1));
    }
  }

  @Override
  public Discrete observationSpace() {
    return observationSpace;
  }

  @Override
  public Discrete actionSpace() {
    return actionSpace;
  }

  /** The grid with the agent as a circle. */
  @Override
  public BufferedImage render() {
    return render(null, null);
  }

  /**
   * The grid, each free cell tinted by its value and marked with the arrow of its action (either
   * may be null), and the agent. For showing what a learned or planned policy does.
   *
   * @param values one value per state, e.g. {@code V(s) = max_a Q(s, a)}; or null
   * @param policy one action per state; or null
   */
  public BufferedImage render(double[] values, int[] policy) {
    int cell = Math.max(24, Math.min(64, 768 / cols));
    BufferedImage img = new BufferedImage(cols * cell, rows * cell, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
      if (values != null) {
        for (int s = 0; s < values.length; s++) {
          if (freeCell(s)) {
            lo = Math.min(lo, values[s]);
            hi = Math.max(hi, values[s]);
          }
        }
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, cell / 2));
      for (int s = 0; s < rows * cols; s++) {
        int x = (s % cols) * cell, y = (s / cols) * cell;
        g.setColor(cellColor(s, values, lo, hi));
        g.fillRect(x, y, cell, cell);
        g.setColor(new Color(120, 120, 120));
        g.drawRect(x, y, cell, cell);
        g.setColor(Color.BLACK);
        String label =
            switch (cell(s)) {
              case 'G' -> "G";
              case 'H' -> "H";
              default -> policy != null && freeCell(s) ? arrows[policy[s]] : "";
            };
        if (cell(s) == 'S' && policy == null) {
          label = "S";
        }
        if (!label.isEmpty()) {
          var fm = g.getFontMetrics();
          g.drawString(
              label, x + (cell - fm.stringWidth(label)) / 2, y + (cell + fm.getAscent()) / 2 - 3);
        }
      }
      if (state >= 0) {
        int x = (state % cols) * cell, y = (state / cols) * cell;
        g.setColor(new Color(214, 39, 40));
        g.setStroke(new BasicStroke(3f));
        g.drawOval(x + cell / 6, y + cell / 6, cell * 2 / 3, cell * 2 / 3);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private boolean freeCell(int s) {
    char ch = cell(s);
    return ch == 'F' || ch == 'S';
  }

  private Color cellColor(int s, double[] values, double lo, double hi) {
    switch (cell(s)) {
      case 'H':
        return new Color(40, 60, 110);
      case 'C':
        return new Color(90, 90, 90);
      case 'G':
        return new Color(120, 200, 120);
      default:
        if (values == null) {
          return cell(s) == 'S' ? new Color(255, 236, 179) : new Color(225, 240, 250);
        }
        double t = hi > lo ? (values[s] - lo) / (hi - lo) : 1;
        // White for the lowest value to a clear blue for the highest.
        return new Color(
            (int) Math.round(255 - 140 * t),
            (int) Math.round(255 - 80 * t),
            (int) Math.round(255 - 10 * t));
    }
  }

  @Override
  public String toString() {
    return name + " " + rows + "x" + cols + (slippery ? ", slippery" : "");
  }
}
