package crema.display.widgets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A container that lays out other widgets; see {@link HBox} (in a row) and {@link VBox} (in a
 * column).
 */
public abstract class Box extends Widget {
  private final List<Widget> children;

  Box(String kind, Widget... children) {
    super(kind);
    this.children = List.of(children);
    set("children", this.children.stream().map(Widget::reference).toList());
  }

  /** The widgets inside, in order. */
  public List<Widget> children() {
    return children;
  }

  @Override
  protected Collection<Widget> dependencies() {
    List<Widget> deps = new ArrayList<>(super.dependencies());
    deps.addAll(children);
    return deps;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + children.size() + " children)";
  }
}
