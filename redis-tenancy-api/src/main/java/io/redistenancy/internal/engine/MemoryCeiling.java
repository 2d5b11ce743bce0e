package io.redistenancy.internal.engine;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import java.lang.management.ManagementFactory;

/**
 * The largest {@code maxMemory} a tenant may get: the configured maximum, else this machine's memory
 * (its container's limit where there is one). A size above it is refused: a tenant is never unlimited,
 * and 9223372036854775807 bytes would make it so in all but name.
 *
 * @param limit the ceiling
 * @param source what the ceiling is, for messages
 */
record MemoryCeiling(MemorySize limit, String source) {
  /** The configured maximum, or the machine's memory when {@code configured} is null. */
  static MemoryCeiling of(MemorySize configured) {
    if (configured != null) {
      return new MemoryCeiling(configured, "the tenancy's maxTenantMemory");
    }
    long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize();
    return new MemoryCeiling(MemorySize.ofBytes(total), "this machine's memory; "
        + "RedisTenancy.builder().maxTenantMemory(…) sets another ceiling");
  }

  /** Throws, naming the size and the ceiling, if {@code maxMemory} is above the ceiling. */
  void check(MemorySize maxMemory, String outcome) {
    if (maxMemory.compareTo(limit) > 0) {
      throw new InvalidRequestException(problem(maxMemory) + "." + (outcome.isEmpty() ? "" : " " + outcome));
    }
  }

  /** The refusal's words: "maxMemory SIZE is above the ceiling of LIMIT (SOURCE)". */
  String problem(MemorySize maxMemory) {
    return "maxMemory " + maxMemory + " is above the ceiling of " + limit + " (" + source + ")";
  }
}
