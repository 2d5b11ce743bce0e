package io.redistenancy.internal.redis;

import io.redistenancy.MemorySize;
import io.redistenancy.TenantState;
import io.redistenancy.TenantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Turns an {@code INFO} reply into a {@link TenantStatus} (also for registered external servers). */
public final class InfoParser {
  private InfoParser() {}

  public static TenantStatus parse(String tenant, String info) {
    Map<String, String> fields = new HashMap<>();
    long keys = 0;
    for (String line : info.split("\r?\n")) {
      int colon = line.indexOf(':');
      if (line.isEmpty() || line.startsWith("#") || colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      if (key.startsWith("db") && value.startsWith("keys=")) {
        keys += Long.parseLong(value.substring(5, value.indexOf(',') < 0 ? value.length() : value.indexOf(',')));
      } else {
        fields.put(key, value);
      }
    }
    long hits = number(fields, "keyspace_hits");
    long misses = number(fields, "keyspace_misses");
    Optional<Instant> lastSave = number(fields, "rdb_saves") > 0
        ? Optional.of(Instant.ofEpochSecond(number(fields, "rdb_last_save_time")))
        : Optional.empty();
    return new TenantStatus(tenant, TenantState.RUNNING,
        Duration.ofSeconds(number(fields, "uptime_in_seconds")),
        MemorySize.ofBytes(number(fields, "used_memory")),
        MemorySize.ofBytes(number(fields, "used_memory_peak")),
        MemorySize.ofBytes(number(fields, "maxmemory")),
        keys,
        number(fields, "instantaneous_ops_per_sec"),
        hits + misses == 0 ? 0.0 : (double) hits / (hits + misses),
        (int) number(fields, "connected_clients"),
        number(fields, "evicted_keys"),
        lastSave,
        Optional.empty(),
        fields.getOrDefault("redis_version", "").trim());
  }

  /** A status for an instance that is not running: state and reason, every figure zero. */
  public static TenantStatus notRunning(String tenant, TenantState state, MemorySize maxMemory, Optional<String> problem) {
    return new TenantStatus(tenant, state, Duration.ZERO, MemorySize.ZERO, MemorySize.ZERO, maxMemory, 0, 0, 0.0, 0, 0,
        Optional.empty(), problem);
  }

  private static long number(Map<String, String> fields, String key) {
    String value = fields.get(key);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
