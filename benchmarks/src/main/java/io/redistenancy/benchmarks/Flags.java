package io.redistenancy.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name value} pairs of whole numbers, each with a default and a range. */
public final class Flags {
  private final String usage;
  private final Map<String, int[]> specs = new LinkedHashMap<>();

  /** @param usage shown in every error, e.g. {@code provision-docker [--n 20]} */
  public Flags(String usage) {
    this.usage = usage;
  }

  /** Declares {@code --name} with its default and its inclusive range. */
  public Flags flag(String name, int defaultValue, int min, int max) {
    specs.put(name, new int[] {defaultValue, min, max});
    return this;
  }

  /**
   * The values of every declared flag, defaults filled in.
   *
   * @throws IllegalArgumentException naming the flag or value that is wrong, with the usage
   */
  public Map<String, Integer> parse(String... args) {
    Map<String, Integer> values = new LinkedHashMap<>();
    specs.forEach((name, spec) -> values.put(name, spec[0]));
    for (int i = 0; i < args.length; i += 2) {
      if (!specs.containsKey(args[i]) || i + 1 == args.length) {
        throw new IllegalArgumentException("usage: " + usage + "; got '" + String.join(" ", args) + "'");
      }
      int value;
      try {
        value = Integer.parseInt(args[i + 1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(args[i] + " needs a whole number; got '" + args[i + 1] + "'");
      }
      int[] spec = specs.get(args[i]);
      if (value < spec[1] || value > spec[2]) {
        throw new IllegalArgumentException(args[i] + " " + value + " is out of range (" + spec[1] + " to " + spec[2]
            + ")");
      }
      values.put(args[i], value);
    }
    return values;
  }
}
