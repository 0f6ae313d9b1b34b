package crema.optim;

import com.google.gson.JsonObject;
import crema.tensor.ReferenceJson;

/** Reads {@code optim.json}, made by {@code src/test/resources/crema/optim/make_reference.py}. */
final class OptimReference {
  private OptimReference() {}

  static JsonObject load() {
    return ReferenceJson.load("/crema/optim/optim.json");
  }

  static double opt(JsonObject o, String key, double dflt) {
    return ReferenceJson.number(o, key, dflt);
  }
}
