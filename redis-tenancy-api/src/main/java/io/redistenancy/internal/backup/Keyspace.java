package io.redistenancy.internal.backup;

import java.util.ArrayList;
import java.util.List;

/** {@code INFO keyspace} summed over every database: keys, keys with a TTL, and which databases hold keys. */
public record Keyspace(long keys, long expires, List<Integer> databases) {
  /** Parses lines like {@code db0:keys=3,expires=1,avg_ttl=0}. */
  public static Keyspace of(String info) {
    long keys = 0;
    long expires = 0;
    List<Integer> databases = new ArrayList<>();
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (!line.startsWith("db") || colon < 0) {
        continue;
      }
      databases.add(Integer.parseInt(line.substring(2, colon)));
      for (String part : line.substring(colon + 1).split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2 && kv[0].equals("keys")) {
          keys += Long.parseLong(kv[1].trim());
        } else if (kv.length == 2 && kv[0].equals("expires")) {
          expires += Long.parseLong(kv[1].trim());
        }
      }
    }
    return new Keyspace(keys, expires, List.copyOf(databases));
  }
}
