package io.redistenancy.internal.external;

import io.redistenancy.SharedServers.Risk;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of a shared node that let one tenant evict or starve the others, read with
 * {@code CONFIG GET} by the admin user. Each is said with its value and the command that fixes it.
 */
final class ServerRisks {
  /** Redis's own default and ceiling for one request argument: a tenant could send 512 MB values. */
  private static final long HUGE_BULK = 512L * 1024 * 1024;

  private ServerRisks() {}

  /** What the node behind {@code pool} risks, each with its value and fix. */
  static Map<Risk, String> of(NodePool pool) throws IOException {
    Map<Risk, String> found = new EnumMap<>(Risk.class);
    String policy = config(pool, "maxmemory-policy");
    if (!"noeviction".equals(policy)) {
      found.put(Risk.EVICTION, "maxmemory-policy is " + policy + " (one tenant's writes evict other tenants' keys);"
          + " fix: CONFIG SET maxmemory-policy noeviction");
    }
    String buffers = config(pool, "client-output-buffer-limit");
    List<String> words = List.of(buffers.split(" "));
    int normal = words.indexOf("normal");
    if (normal < 0 || normal + 2 >= words.size() || ("0".equals(words.get(normal + 1)) && "0".equals(words.get(normal + 2)))) {
      found.put(Risk.UNLIMITED_OUTPUT_BUFFERS, "client-output-buffer-limit has no limit for normal clients ('"
          + buffers + "': one tenant's slow reader fills the server's memory); fix: CONFIG SET"
          + " client-output-buffer-limit \"normal 64mb 32mb 60\"");
    }
    String clients = config(pool, "maxmemory-clients");
    if ("0".equals(clients)) {
      found.put(Risk.UNLIMITED_CLIENT_MEMORY, "maxmemory-clients is 0 (no client is evicted however much memory"
          + " one tenant's connections take); fix: CONFIG SET maxmemory-clients 256mb (or a share of maxmemory, e.g. 10%)");
    }
    String bulk = config(pool, "proto-max-bulk-len");
    if (parseLong(bulk) >= HUGE_BULK) {
      found.put(Risk.HUGE_REQUESTS, "proto-max-bulk-len is " + bulk + " (one request of a tenant may carry a value"
          + " of 512 MB or more); fix: CONFIG SET proto-max-bulk-len 64mb");
    }
    return found;
  }

  private static String config(NodePool pool, String name) throws IOException {
    List<?> reply = (List<?>) pool.call("CONFIG", "GET", name);
    return reply.size() < 2 ? "" : reply.get(1).toString();
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // unknown: said, not guessed small
    }
  }
}
