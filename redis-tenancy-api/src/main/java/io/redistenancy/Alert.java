package io.redistenancy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A condition someone should act on, raised once when it starts, updated (not repeated) while it
 * lasts, resolved when it clears, and acknowledged by a person. Kept in the home.
 *
 * @param id stable for the alert's life
 * @param code what kind, e.g. {@value #TENANT_DOWN}: stable, for rules and dashboards
 * @param severity how urgent, the highest it has reached
 * @param tenant the tenant it is about, if any
 * @param message what happened and what to do
 * @param raisedAt when it started
 * @param updatedAt when it was last seen again
 * @param occurrences how many times the condition was seen while it lasted
 * @param resolvedAt when it cleared; empty while it lasts
 * @param acknowledgement who took it on, if someone did
 */
public record Alert(String id, String code, AlertSeverity severity, Optional<String> tenant, String message,
    Instant raisedAt, Instant updatedAt, int occurrences, Optional<Instant> resolvedAt,
    Optional<Acknowledgement> acknowledgement) {
  /** The tenant's instance is down (it crashed, or the library gave up on it). */
  public static final String TENANT_DOWN = "tenant.down";
  /** The tenant's instance crashed several times in a row ({@link AlertRules#crashLoopAfter()}). */
  public static final String TENANT_CRASH_LOOP = "tenant.crash_loop";
  public static final String BACKUP_FAILED = "backup.failed";
  public static final String BACKUP_STALE = "backup.stale";
  public static final String CERTIFICATE_EXPIRING = "certificate.expiring";
  public static final String QUOTA_EXCEEDED = "quota.exceeded";

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    Objects.requireNonNull(acknowledgement, "acknowledgement");
  }

  /** Whether the condition still lasts. */
  public boolean active() {
    return resolvedAt.isEmpty();
  }

  /**
   * A person took the alert on.
   *
   * @param by who ({@link RedisTenancy#as(String)})
   * @param at when
   * @param note what they said, possibly empty
   */
  public record Acknowledgement(String by, Instant at, String note) {
    public Acknowledgement {
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(note, "note");
    }
  }
}
