package io.redistenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A tenant's state and figures, read from {@code INFO} at the moment of the call. Figures are zero
 * when the instance is not running.
 *
 * @param tenant the tenant's name
 * @param state where the instance is in its life
 * @param uptime how long the instance has run
 * @param usedMemory memory Redis has allocated ({@code used_memory})
 * @param peakMemory the most it ever allocated ({@code used_memory_peak})
 * @param maxMemory the enforced {@code maxmemory}
 * @param keys keys in all databases
 * @param opsPerSecond instantaneous operations per second
 * @param hitRate keyspace hits / (hits + misses), 0 with no lookups
 * @param clients connected clients, including the library's own
 * @param evictedKeys keys evicted because of {@code maxmemory}
 * @param lastSave when the last RDB snapshot finished, if any
 * @param problem why the tenant is FAILED or MISSING, if it is
 * @param serverVersion the instance's Redis version ({@code redis_version} of {@code INFO}), empty when
 *     it is not running or the backend does not say
 */
public record TenantStatus(
    String tenant,
    TenantState state,
    Duration uptime,
    MemorySize usedMemory,
    MemorySize peakMemory,
    MemorySize maxMemory,
    long keys,
    long opsPerSecond,
    double hitRate,
    int clients,
    long evictedKeys,
    Optional<Instant> lastSave,
    Optional<String> problem,
    String serverVersion) {
  /** A status without a server version. */
  public TenantStatus(String tenant, TenantState state, Duration uptime, MemorySize usedMemory, MemorySize peakMemory,
      MemorySize maxMemory, long keys, long opsPerSecond, double hitRate, int clients, long evictedKeys,
      Optional<Instant> lastSave, Optional<String> problem) {
    this(tenant, state, uptime, usedMemory, peakMemory, maxMemory, keys, opsPerSecond, hitRate, clients, evictedKeys,
        lastSave, problem, "");
  }
}
