package io.redistenancy.spi;

import io.redistenancy.EventPayload;

/**
 * How a backend tells the engine about things that happen to instances on their own. Implementations
 * are fast and never throw.
 *
 * <p>Backends call {@link #event} with a typed payload carrying the figures they know. The per-kind
 * methods taking a text predate the payloads: the engine turns them into payloads with unknown figures,
 * and by default {@link #event} routes each payload to them, so an implementation written against them
 * (e.g. a test's recorder) keeps receiving every event.
 */
public interface InstanceEvents {
  /**
   * Something happened to the instance; {@code payload} says what, with the figures the backend knows.
   * Routes to the per-kind methods below by default ({@code moved} is not an event and has no payload).
   */
  default void event(TenantId id, EventPayload payload) {
    switch (payload.type()) {
      case CRASHED -> crashed(id, payload.detail());
      case RESTARTED -> restarted(id, payload.detail());
      case FAILED -> failed(id, payload.detail());
      case QUOTA_EXCEEDED -> quotaExceeded(id, payload.detail());
      case QUOTA_RESTORED -> quotaRestored(id, payload.detail());
      case DELETING -> deleting(id, payload.detail());
      case VULNERABLE_VERSION -> vulnerableVersion(id, payload.detail());
      default -> { }
    }
  }

  /**
   * The instance exited unexpectedly; {@code detail} says how (exit code, signal). Prefer {@link #event}
   * with an {@link EventPayload.Crashed} carrying the figures.
   */
  void crashed(TenantId id, String detail);

  /** The backend restarted a crashed instance. Prefer {@link #event} with an {@link EventPayload.Restarted}. */
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
   * enforces it; {@code detail} says how much. Does nothing by default. Backends send an
   * {@link EventPayload.QuotaExceeded} through {@link #event} instead.
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
