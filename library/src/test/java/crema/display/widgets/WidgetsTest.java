package crema.display.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.display.CommBackend;
import crema.display.Comms;
import crema.display.Display;
import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WidgetsTest {
  /** What the widgets sent, as a front end would receive it. */
  record Sent(String kind, String commId, String target, JsonObject data, List<byte[]> buffers) {}

  private final List<Sent> sent = new ArrayList<>();

  @BeforeEach
  void record() {
    Comms.setBackend(
        new CommBackend() {
          @Override
          public void open(
              String id, String target, JsonObject data, JsonObject md, List<byte[]> bufs) {
            assertEquals("2.1.0", md.get("version").getAsString());
            sent.add(new Sent("open", id, target, data, bufs));
          }

          @Override
          public void send(String id, JsonObject data, List<byte[]> bufs) {
            sent.add(new Sent("msg", id, null, data, bufs));
          }

          @Override
          public void close(String id, JsonObject data) {
            sent.add(new Sent("close", id, null, data, List.of()));
          }
        });
  }

  @AfterEach
  void restore() {
    Comms.setBackend(CommBackend.NONE);
  }

  private static JsonObject json(String s) {
    return JsonParser.parseString(s).getAsJsonObject();
  }

  private static void fromBrowser(Widget w, String data) {
    Comms.received(w.modelId(), json(data), List.of());
  }

  private List<Sent> messagesTo(Widget w) {
    return sent.stream().filter(s -> s.commId().equals(w.modelId())).toList();
  }

  @Test
  void displayOpensLayoutAndStyleFirstThenTheWidgetWithItsFullState() {
    IntSlider s = new IntSlider("depth", 0, 10, 3);
    assertTrue(sent.isEmpty(), "nothing is sent before the widget is shown");
    MimeBundle b = s.toMimeBundle();
    assertEquals(3, sent.size());
    assertEquals(
        List.of("LayoutModel", "SliderStyleModel", "IntSliderModel"),
        sent.stream()
            .map(x -> x.data().getAsJsonObject("state").get("_model_name").getAsString())
            .toList());
    JsonObject state = sent.get(2).data().getAsJsonObject("state");
    assertEquals(Widget.TARGET, sent.get(2).target());
    assertEquals(s.modelId(), sent.get(2).commId());
    assertEquals(3, state.get("value").getAsInt());
    assertEquals("depth", state.get("description").getAsString());
    assertEquals("IPY_MODEL_" + sent.get(0).commId(), state.get("layout").getAsString());
    JsonObject view = json(b.get(Widget.VIEW_MIME));
    assertEquals(s.modelId(), view.get("model_id").getAsString());
    assertEquals(2, view.get("version_major").getAsInt());
    s.toMimeBundle();
    assertEquals(3, sent.size(), "a second display reuses the open comm");
  }

  @Test
  void javaChangesAreSentAndBrowserChangesReachObserversClamped() {
    IntSlider s = new IntSlider("n", 0, 10, 3);
    List<Integer> seen = new ArrayList<>();
    s.onChange(seen::add);
    s.open();
    s.setValue(4);
    Sent upd = messagesTo(s).get(1);
    assertEquals(
        json("{\"method\":\"update\",\"state\":{\"value\":4},\"buffer_paths\":[]}"), upd.data());
    fromBrowser(s, "{\"method\":\"update\",\"state\":{\"value\":7},\"buffer_paths\":[]}");
    fromBrowser(s, "{\"method\":\"update\",\"state\":{\"value\":70}}");
    assertEquals(List.of(4, 7, 10), seen);
    assertEquals(10, s.value());
    assertEquals(2, messagesTo(s).size(), "browser changes are not echoed back");
  }

  @Test
  void malformedUpdatesAreRejectedWholeAndNameTheProblem() {
    FloatSlider f = new FloatSlider("lr", 0, 1, 0.01, 0.5);
    f.open();
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                fromBrowser(f, "{\"method\":\"update\",\"state\":{\"min\":0.2,\"value\":\"x\"}}"));
    assertTrue(e.getMessage().contains("\"value\" takes a number"), e.getMessage());
    assertEquals(0.0, f.get("min").getAsDouble(), "nothing of a rejected update is applied");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> fromBrowser(f, "{\"method\":\"update\",\"state\":{\"nope\":1}}"));
    assertTrue(e.getMessage().contains("no state key \"nope\""), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> fromBrowser(f, "{\"method\":\"fly\"}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Comms.received("no-such-id", new JsonObject(), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> Comms.opened("x", "no.such.target", new JsonObject(), List.of()));
    assertEquals(0.5, f.value());
  }

  @Test
  void selectionsMapIndicesToOptions() {
    Dropdown<Integer> d = new Dropdown<>("layers", List.of(1, 2, 4), n -> n + " layers");
    assertEquals(
        List.of("1 layers", "2 layers", "4 layers"),
        d.get("_options_labels").getAsJsonArray().asList().stream()
            .map(x -> x.getAsString())
            .toList());
    assertEquals(1, d.value());
    d.open();
    fromBrowser(d, "{\"method\":\"update\",\"state\":{\"index\":2}}");
    assertEquals(4, d.value());
    assertThrows(
        IllegalArgumentException.class,
        () -> fromBrowser(d, "{\"method\":\"update\",\"state\":{\"index\":9}}"));
    assertThrows(IllegalArgumentException.class, () -> d.setValue(3));
    ToggleButtons<String> t = new ToggleButtons<>("data", List.of("circle", "xor"));
    t.setValue("xor");
    assertEquals(1, t.index());
  }

  @Test
  void buttonClicksAndTextSubmitAreCustomEvents() {
    int[] clicks = {0};
    Button b = new Button("go").onClick(() -> clicks[0]++);
    b.open();
    fromBrowser(b, "{\"method\":\"custom\",\"content\":{\"event\":\"click\"}}");
    b.click();
    assertEquals(2, clicks[0]);
    List<String> submitted = new ArrayList<>();
    Text t = new Text("name", "").onSubmit(submitted::add);
    t.open();
    fromBrowser(t, "{\"method\":\"update\",\"state\":{\"value\":\"Ada\"}}");
    fromBrowser(t, "{\"method\":\"custom\",\"content\":{\"event\":\"submit\"}}");
    assertEquals(List.of("Ada"), submitted);
  }

  @Test
  void linkKeepsTwoValuesEqualWithoutLooping() {
    IntSlider a = new IntSlider("a", 0, 10, 2);
    Play p = new Play(0, 10, 100);
    Widgets.link(p, a);
    assertEquals(0, a.value());
    p.open();
    fromBrowser(p, "{\"method\":\"update\",\"state\":{\"value\":5}}");
    assertEquals(5, a.value());
    a.setValue(8);
    assertEquals(8, p.value());
  }

  @Test
  void outputCapturesThisThreadsPrintsAndDisplays() throws Exception {
    Output out = new Output();
    out.open();
    out.capture(
        () -> {
          System.out.println("inside");
          Display.html("<b>x</b>");
        });
    var outputs = out.outputs();
    assertEquals(2, outputs.size());
    assertEquals("inside\n", outputs.get(0).getAsJsonObject().get("text").getAsString());
    assertEquals(
        "<b>x</b>",
        outputs.get(1).getAsJsonObject().getAsJsonObject("data").get("text/html").getAsString());
    Sent last = messagesTo(out).get(messagesTo(out).size() - 1);
    assertEquals(outputs, last.data().getAsJsonObject("state").get("outputs"));
    out.show("replaced");
    assertEquals(1, out.size());
    out.clear();
    assertEquals(0, out.size());
  }

  @Test
  void interactRedrawsItsOutputOnEveryChange() {
    IntSlider n = new IntSlider("n", 1, 5, 2);
    VBox box = Widgets.interact(n, x -> "square " + x * x);
    Output out = (Output) box.children().get(1);
    assertTrue(out.outputs().toString().contains("square 4"));
    n.setValue(3);
    assertTrue(out.outputs().toString().contains("square 9"));
    assertEquals(1, out.size());
  }

  @Test
  void imageBytesGoAsABinaryBuffer() {
    Image img = new Image();
    BufferedImage bi = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.show(bi);
    img.open();
    Sent open = messagesTo(img).get(0);
    assertEquals("[[\"value\"]]", open.data().get("buffer_paths").toString());
    assertArrayEquals(img.bytes(), open.buffers().get(0));
    byte[] sig = Arrays.copyOf(img.bytes(), 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, sig);
    bi.setRGB(0, 0, 0xffffff);
    img.show(bi);
    Sent upd = messagesTo(img).get(1);
    assertEquals("[[\"value\"]]", upd.data().get("buffer_paths").toString());
    assertTrue(!Arrays.equals(open.buffers().get(0), upd.buffers().get(0)));
  }

  @Test
  void boxesOpenTheirChildrenFirst() {
    Label l = new Label("hi");
    Checkbox c = new Checkbox("on", true);
    HBox h = new HBox(l, c);
    h.open();
    List<String> ids = sent.stream().map(Sent::commId).toList();
    assertTrue(ids.indexOf(l.modelId()) < ids.indexOf(h.modelId()));
    assertTrue(ids.indexOf(c.modelId()) < ids.indexOf(h.modelId()));
    assertEquals(
        List.of(l.reference(), c.reference()),
        h.get("children").getAsJsonArray().asList().stream().map(x -> x.getAsString()).toList());
  }
}
