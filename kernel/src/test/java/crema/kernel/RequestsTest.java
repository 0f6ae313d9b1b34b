package crema.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.kernel.protocol.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestsTest {
  @Test
  void cursorPositionsConvertBetweenCodePointsAndUtf16() {
    String s = "var \uD83D\uDE00 = x.pri"; // an emoji takes two UTF-16 units, one code point
    int javaEnd = s.length();
    int jupyterEnd = s.codePointCount(0, s.length());
    assertEquals(javaEnd - 1, jupyterEnd);
    assertEquals(javaEnd, Requests.toJava(s, jupyterEnd));
    assertEquals(jupyterEnd, Requests.toJupyter(s, javaEnd));
    assertEquals(0, Requests.toJava(s, -5));
  }

  private static Message request(String content) {
    JsonObject h = new JsonObject();
    h.addProperty("msg_type", "history_request");
    h.addProperty("msg_id", "1");
    return new Message(
        List.of(),
        h,
        new JsonObject(),
        new JsonObject(),
        JsonParser.parseString(content).getAsJsonObject(),
        List.of());
  }

  @Test
  void historyTailRangeAndSearch() {
    History h = new History();
    h.add(1, "int x = 1;");
    h.add(2, "x + 1");
    h.add(3, "int y = 2;");
    JsonObject tail = h.reply(request("{\"hist_access_type\":\"tail\",\"n\":2}"));
    assertEquals("ok", tail.get("status").getAsString());
    assertEquals("[[1,2,\"x + 1\"],[1,3,\"int y = 2;\"]]", tail.get("history").toString());
    JsonObject range = h.reply(request("{\"hist_access_type\":\"range\",\"start\":1,\"stop\":2}"));
    assertEquals("[[1,1,\"int x = 1;\"]]", range.get("history").toString());
    JsonObject search = h.reply(request("{\"hist_access_type\":\"search\",\"pattern\":\"int*\"}"));
    assertEquals(2, search.getAsJsonArray("history").size());
  }

  @Test
  void javadocBecomesReadableText() {
    String plain =
        Javadoc.plainBody(
            "Returns the {@code String} form.<p>\n@param obj an {@link Object}\n@return the text");
    assertTrue(plain.contains("Returns the String form."), plain);
    assertTrue(plain.contains("Parameter obj an Object"), plain);
    assertTrue(plain.contains("Returns: the text"), plain);
    assertFalse(plain.contains("{@"), plain);
  }

  @Test
  void svgLosesItsXmlDeclaration() {
    JsonObject data = new JsonObject();
    data.addProperty("image/svg+xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg></svg>");
    assertEquals("<svg></svg>", Kernel.clean(data).get("image/svg+xml").getAsString());
  }

  @Test
  void kernelInfoNamesCremaAndJava() {
    JsonObject c = KernelInfo.content();
    assertEquals("ok", c.get("status").getAsString());
    assertEquals("crema", c.get("implementation").getAsString());
    JsonObject li = c.getAsJsonObject("language_info");
    assertEquals("java", li.get("name").getAsString());
    assertEquals("text/x-java", li.get("mimetype").getAsString());
    assertEquals(".java", li.get("file_extension").getAsString());
    assertEquals("java", li.get("pygments_lexer").getAsString());
    assertEquals("text/x-java", li.get("codemirror_mode").getAsString());
  }
}
