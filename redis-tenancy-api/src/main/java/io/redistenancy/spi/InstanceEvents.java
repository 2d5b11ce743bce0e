package io.redistenancy.spi;

/**
 * How a backend tells the engine about things that happen to instances on their own. Implementations
 * are fast and never throw.
 */
public interface InstanceEvents {
  /** The instance exited unexpectedly; {@code detail} says how (exit code, signal). */
  void crashed(TenantId id, String detail);

  /** The backend restarted a crashed instance. */
  void restarted(TenantId id, String detail);

  /**
   * The instance now listens on other endpoints than the backend last returned for it (a restart had
   * to take another TCP port); {@link Backend#instance} says where. Does nothing by default.
   */
  default void moved(TenantId id, String detail) {}

  /** The backend gave up (e.g. a crash loop); {@code reason} says why, with a log tail. */
  void failed(TenantId id, String reason);

  /**
   * The tenant uses more memory than its plan allows, on a backend that measures rather than
   * enforces it; {@code detail} says how much. Does nothing by default.
   */
  default void quotaExceeded(TenantId id, String detail) {}

  /** A tenant reported by {@link #quotaExceeded} is under its quota again. Does nothing by default. */
  default void quotaRestored(TenantId id, String detail) {}

  /**
   * A delete removing the tenant's data in batches got further; {@code detail} says how far. Does
   * nothing by default.
   */
  default void deleting(TenantId id, String detail) {}

  /**
   * The instance runs a Redis version with known tenant-reachable vulnerabilities; {@code detail} names
   * the version, the CVEs and the release that fixes them. Does nothing by default.
   */
  default void vulnerableVersion(TenantId id, String detail) {}
}
