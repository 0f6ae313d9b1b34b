package crema.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import crema.kernel.protocol.MessageCodec;

/** The content of {@code kernel_info_reply}: Crema's name and version and the Java language. */
final class KernelInfo {
  static final String NAME = "crema";
  static final String VERSION = versionOf();

  private KernelInfo() {}

  private static String versionOf() {
    String v = KernelInfo.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0" : v;
  }

  static JsonObject content() {
    JsonObject c = new JsonObject();
    c.addProperty("status", "ok");
    c.addProperty("protocol_version", MessageCodec.PROTOCOL_VERSION);
    c.addProperty("implementation", NAME);
    c.addProperty("implementation_version", VERSION);
    JsonObject li = new JsonObject();
    li.addProperty("name", "java");
    li.addProperty("version", Runtime.version().toString());
    li.addProperty("mimetype", "text/x-java");
    li.addProperty("file_extension", ".java");
    li.addProperty("pygments_lexer", "java");
    li.addProperty("codemirror_mode", "text/x-java");
    c.add("language_info", li);
    c.addProperty(
        "banner",
        "Crema "
            + VERSION
            + ": Java "
            + Runtime.version()
            + " with the Crema deep-learning library");
    JsonArray links = new JsonArray();
    JsonObject l = new JsonObject();
    l.addProperty("text", "Java API");
    l.addProperty(
        "url",
        "https://docs.oracle.com/en/java/javase/" + Runtime.version().feature() + "/docs/api/");
    links.add(l);
    c.add("help_links", links);
    c.addProperty("debugger", false);
    return c;
  }
}
