package io.redistenancy.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One flat JSON object on one line: the machine-readable last line of every benchmark. */
public final class JsonLine {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  public JsonLine put(String key, Object value) {
    fields.put(key, value);
    return this;
  }

  @Override
  public String toString() {
    StringBuilder json = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append(quote(k)).append(": ").append(value(v));
    });
    return json.append('}').toString();
  }

  private static String value(Object v) {
    if (v == null) {
      return "null"; // a figure that was not measured (its reason is in the table)
    }
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.2f", d);
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(String.valueOf(v));
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        default -> q.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return q.append('"').toString();
  }
}
