package crema.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import crema.kernel.protocol.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The inputs of this session's cells, for {@code history_request} ({@code tail}, {@code range} and
 * {@code search}). Kept in memory: a kernel session is the unit of history, session number 1.
 */
final class History {
  private record Entry(int line, String input) {}

  private final List<Entry> entries = new ArrayList<>();

  synchronized void add(int line, String input) {
    entries.add(new Entry(line, input));
  }

  synchronized JsonObject reply(Message req) {
    String access = req.string("hist_access_type", "tail");
    boolean output = req.bool("output", false);
    List<Entry> picked = new ArrayList<>();
    switch (access) {
      case "range" -> {
        int start = req.integer("start", 0);
        int stop = req.integer("stop", Integer.MAX_VALUE);
        for (Entry e : entries) {
          if (e.line() >= start && e.line() < stop) {
            picked.add(e);
          }
        }
      }
      case "search" -> {
        Pattern p = glob(req.string("pattern", "*"));
        for (Entry e : entries) {
          if (p.matcher(e.input()).matches()) {
            picked.add(e);
          }
        }
        if (req.bool("unique", false)) {
          List<String> seen = new ArrayList<>();
          picked.removeIf(
              e -> {
                if (seen.contains(e.input())) {
                  return true;
                }
                seen.add(e.input());
                return false;
              });
        }
        picked = tail(picked, req.integer("n", picked.size()));
      }
      default -> picked = tail(entries, req.integer("n", 10));
    }
    JsonArray hist = new JsonArray();
    for (Entry e : picked) {
      JsonArray row = new JsonArray();
      row.add(1);
      row.add(e.line());
      if (output) {
        JsonArray io = new JsonArray();
        io.add(e.input());
        io.add((String) null);
        row.add(io);
      } else {
        row.add(e.input());
      }
      hist.add(row);
    }
    JsonObject c = new JsonObject();
    c.addProperty("status", "ok");
    c.add("history", hist);
    return c;
  }

  private static List<Entry> tail(List<Entry> l, int n) {
    return new ArrayList<>(l.subList(Math.max(0, l.size() - Math.max(0, n)), l.size()));
  }

  static Pattern glob(String g) {
    StringBuilder sb = new StringBuilder();
    for (char c : g.toCharArray()) {
      switch (c) {
        case '*' -> sb.append(".*");
        case '?' -> sb.append('.');
        default -> sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }
}
