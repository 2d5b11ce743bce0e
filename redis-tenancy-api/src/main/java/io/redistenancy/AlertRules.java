package io.redistenancy;

import java.time.Duration;
import java.util.Objects;

/**
 * Which events raise which alerts, with the thresholds an operator would pick; set for the whole
 * tenancy with {@link RedisTenancy.Builder#alertRules}.
 *
 * <ul>
 *   <li>{@value Alert#TENANT_DOWN} CRITICAL on a crash or when the library gives up; resolved when the
 *       instance runs again (restarted, started) or is stopped or deleted on request.
 *   <li>{@value Alert#TENANT_CRASH_LOOP} CRITICAL from the {@link #crashLoopAfter()}th crash in a row;
 *       resolved when a person starts, stops or deletes the tenant.
 *   <li>{@value Alert#BACKUP_FAILED} and {@value Alert#BACKUP_STALE} WARNING; resolved by a backup.
 *   <li>{@value Alert#CERTIFICATE_EXPIRING} WARNING, CRITICAL within {@link #certificateCriticalWithin()};
 *       resolved by a renewal.
 *   <li>{@value Alert#QUOTA_EXCEEDED} WARNING; resolved when the tenant is under its quota again.
 * </ul>
 */
public final class AlertRules {
  private static final AlertRules DEFAULTS = new AlertRules(3, Duration.ofDays(7), Duration.ofDays(30));

  private final int crashLoopAfter;
  private final Duration certificateCriticalWithin;
  private final Duration retention;

  private AlertRules(int crashLoopAfter, Duration certificateCriticalWithin, Duration retention) {
    this.crashLoopAfter = crashLoopAfter;
    this.certificateCriticalWithin = certificateCriticalWithin;
    this.retention = retention;
  }

  /** A crash loop from the 3rd crash in a row; certificates critical within 7 days; resolved alerts kept 30 days. */
  public static AlertRules defaults() {
    return DEFAULTS;
  }

  /** @throws InvalidRequestException below 2 (a single crash is {@value Alert#TENANT_DOWN}) */
  public AlertRules crashLoopAfter(int crashesInRow) {
    if (crashesInRow < 2) {
      throw new InvalidRequestException("crashLoopAfter " + crashesInRow + " must be at least 2 crashes in a row");
    }
    return new AlertRules(crashesInRow, certificateCriticalWithin, retention);
  }

  /** @throws InvalidRequestException unless positive */
  public AlertRules certificateCriticalWithin(Duration within) {
    return new AlertRules(crashLoopAfter, positive("certificateCriticalWithin", within), retention);
  }

  /** How long a resolved alert is kept; @throws InvalidRequestException unless at least a day */
  public AlertRules retention(Duration retention) {
    if (Objects.requireNonNull(retention, "retention").compareTo(Duration.ofDays(1)) < 0) {
      throw new InvalidRequestException("alert retention " + retention + " must be at least one day (PT24H)");
    }
    return new AlertRules(crashLoopAfter, certificateCriticalWithin, retention);
  }

  public int crashLoopAfter() {
    return crashLoopAfter;
  }

  public Duration certificateCriticalWithin() {
    return certificateCriticalWithin;
  }

  public Duration retention() {
    return retention;
  }

  private static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(name + " " + value + " must be positive");
    }
    return value;
  }

  @Override
  public String toString() {
    return "AlertRules{crashLoopAfter=" + crashLoopAfter + ", certificateCriticalWithin=" + certificateCriticalWithin
        + ", retention=" + retention + "}";
  }
}
