package io.redistenancy.internal.external;

import io.redistenancy.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A tenant's keys on a shared server, reached by the admin user with {@code SCAN MATCH NAME:*} on
 * every master: removed in batches with {@code UNLINK} (freed in the background, never blocking the
 * server for long), or counted and measured with a sample of {@code MEMORY USAGE}. The pattern is
 * built from a validated tenant name, which has no glob characters.
 */
final class TenantKeys {
  private static final String BATCH = "1000";

  /** What {@link #measure} found. */
  record Usage(long keys, long bytes) {}

  private TenantKeys() {}

  /** Unlinks every key of the tenant; returns how many. */
  static long removeAll(SharedServer server, String prefix) throws IOException {
    long removed = 0;
    for (Endpoint master : server.masters()) {
      NodePool pool = server.pool(master);
      String cursor = "0";
      do {
        List<?> page = (List<?>) pool.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", BATCH);
        cursor = page.get(0).toString();
        List<?> keys = (List<?>) page.get(1);
        if (!keys.isEmpty()) {
          List<String> args = new ArrayList<>(keys.size() + 1);
          args.add("UNLINK");
          keys.forEach(k -> args.add(k.toString()));
          removed += (Long) pool.call(args.toArray(String[]::new));
        }
      } while (!"0".equals(cursor));
    }
    return removed;
  }

  /**
   * Counts the tenant's keys and estimates their memory: {@code MEMORY USAGE} of the first
   * {@code samples} keys found, times keys / samples.
   */
  static Usage measure(SharedServer server, String prefix, int samples) throws IOException {
    long keys = 0;
    long sampled = 0;
    long sampledBytes = 0;
    for (Endpoint master : server.masters()) {
      NodePool pool = server.pool(master);
      String cursor = "0";
      do {
        List<?> page = (List<?>) pool.call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", BATCH);
        cursor = page.get(0).toString();
        for (Object key : (List<?>) page.get(1)) {
          keys++;
          if (sampled < samples) {
            Object bytes = pool.call("MEMORY", "USAGE", key.toString());
            if (bytes instanceof Long b) {
              sampled++;
              sampledBytes += b;
            }
          }
        }
      } while (!"0".equals(cursor));
    }
    long bytes = sampled == 0 ? 0 : Math.round((double) sampledBytes / sampled * keys);
    return new Usage(keys, bytes);
  }
}
