package crema.display.widgets;

/**
 * A play/pause/stop control that counts from {@code min} to {@code max}, one step every {@code
 * interval} ms, in the browser (ipywidgets' {@code Play}): each tick changes the value, and the
 * observers run. Link it to a slider to show the position.
 *
 * <pre>{@code
 * Play play = new Play(0, 100, 50);       // 50 ms per frame
 * play.onChange(frame -> image.show(render(frame)));
 * display(new HBox(play, frameSlider));
 * }</pre>
 */
public final class Play extends ValueWidget<Integer> {
  public Play(int min, int max, int intervalMs) {
    super("Play", INT);
    set("min", min);
    set("max", max);
    set("interval", intervalMs);
  }

  /** Starts again at {@code min} after {@code max} (default: stops). */
  public Play repeat(boolean repeat) {
    set("repeat", repeat);
    return this;
  }

  /** Whether the browser is playing. */
  public boolean playing() {
    return get("playing").getAsBoolean();
  }

  /** Starts or pauses playing. */
  public void setPlaying(boolean playing) {
    set("playing", playing);
  }
}
