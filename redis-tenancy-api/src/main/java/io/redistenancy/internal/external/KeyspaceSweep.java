package io.redistenancy.internal.external;

import io.redistenancy.Endpoint;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One pass over a shared server's whole keyspace that measures many tenants at once: a plain
 * {@code SCAN} of every master (no {@code MATCH}: one pass costs the same for 1 or 1,000 tenants,
 * where a {@code SCAN MATCH NAME:*} per tenant would scan the keyspace once per tenant), each key
 * counted for the tenant its prefix names, and {@code MEMORY USAGE} of the first {@code samples} keys
 * of each tenant. It is resumable: {@link #advance} stops at a deadline and the next call goes on from
 * the cursor, so a large keyspace is measured over several quota checks of bounded work each.
 */
final class KeyspaceSweep {
  private static final String PAGE = "1000";

  /** One tenant's keys so far. */
  private static final class Tally {
    long keys;
    long sampled;
    long sampledBytes;
  }

  private final List<Endpoint> masters;
  private final int samples;
  /** Tenant name → tally, for the tenants measured (keys of others are skipped). */
  private final Map<String, Tally> tallies = new HashMap<>();
  private int master;
  private String cursor = "0";

  /** @param tenants the names of the tenants to measure; @param masters the server's masters when the pass starts */
  KeyspaceSweep(Set<String> tenants, List<Endpoint> masters, int samples) {
    this.masters = List.copyOf(masters);
    this.samples = samples;
    tenants.forEach(t -> tallies.put(t, new Tally()));
  }

  /**
   * Scans on until the pass is complete, {@code deadlineNanos} ({@link System#nanoTime()}) passed or
   * the thread is interrupted (the backend closes). A page is finished past the deadline: a check may
   * overrun its budget by one page (1,000 keys) and its samples.
   *
   * @return each tenant's usage when the pass is complete (a tenant without keys uses nothing); empty
   *     while it is not
   */
  Optional<Map<String, TenantKeys.Usage>> advance(SharedServer server, long deadlineNanos) throws IOException {
    while (master < masters.size()) {
      if (System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted()) {
        return Optional.empty();
      }
      NodePool pool = server.pool(masters.get(master));
      List<?> page = (List<?>) pool.call("SCAN", cursor, "COUNT", PAGE);
      for (Object key : (List<?>) page.get(1)) {
        count(server, pool, key.toString());
      }
      cursor = page.get(0).toString();
      if ("0".equals(cursor)) {
        master++;
      }
    }
    Map<String, TenantKeys.Usage> usage = new HashMap<>();
    tallies.forEach((tenant, t) -> usage.put(tenant, TenantKeys.Usage.estimate(t.keys, t.sampled, t.sampledBytes)));
    return Optional.of(usage);
  }

  private void count(SharedServer server, NodePool pool, String key) throws IOException {
    int colon = key.indexOf(':');
    Tally tally = colon < 0 ? null : tallies.get(key.substring(0, colon));
    if (tally == null) {
      return;
    }
    tally.keys++;
    if (tally.sampled < samples && server.routedFrom(pool, "MEMORY", "USAGE", key) instanceof Long bytes) {
      tally.sampled++;
      tally.sampledBytes += bytes;
    }
  }
}
