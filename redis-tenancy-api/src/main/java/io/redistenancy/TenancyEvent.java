package io.redistenancy;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a tenant.
 *
 * @param tenant the tenant's name
 * @param time when, by the tenancy's clock
 * @param payload what happened, with its figures (one record per kind; never a secret)
 */
public record TenancyEvent(String tenant, Instant time, EventPayload payload) {
  public TenancyEvent {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(payload, "payload");
  }

  /** What happened: the payload's kind. */
  public Type type() {
    return payload.type();
  }

  /** A short human-readable detail derived from the payload (never a secret); empty when there is none. */
  public String detail() {
    return payload.detail();
  }

  /** The kinds of event. */
  public enum Type {
    CREATED,
    STARTED,
    STOPPED,
    /** The instance exited unexpectedly; a restart follows unless it keeps crashing. */
    CRASHED,
    /** The instance was restarted after a crash (or repaired by reconcile). */
    RESTARTED,
    /** The library gave up on the instance; the detail says why. */
    FAILED,
    RESIZED,
    /**
     * A deleted tenant's data is being removed in batches (a shared server's keys, by prefix); the
     * detail says how many keys are gone so far. Sent every 50,000 keys; {@link #DELETED} follows.
     */
    DELETING,
    DELETED,
    /**
     * The tenant uses more memory than its plan's {@code maxMemory}, on a backend that can only
     * measure it (a shared server has no per-user limit: there the tenant may then read and delete
     * but not write until it is under again); the detail says how much.
     */
    QUOTA_EXCEEDED,
    /** A new server certificate was issued and reloaded live. */
    CERTIFICATE_RENEWED,
    /** The server certificate ends within a configured warning period; the detail says when. */
    CERTIFICATE_EXPIRING,
    /** The tenant user got a new password; the old one works until the grace period ends. */
    PASSWORD_ROTATED,
    /** A backup was made and verified; the detail names it. */
    BACKUP_DONE,
    /** A backup or a restore failed; the detail says why (a failed restore was rolled back). */
    BACKUP_FAILED,
    /** The tenant's newest backup is older than its schedule allows; said once until a backup succeeds. */
    BACKUP_STALE,
    /** The tenant's data was replaced by a backup's; the detail names it. */
    RESTORED,
    /** A live-changeable setting other than maxmemory changed (e.g. keyspace events); the detail says how. */
    RECONFIGURED,
    /**
     * The tenant's instance runs a Redis version with known vulnerabilities a tenant can reach (e.g.
     * remote code execution through Lua); the detail names the version, the CVEs and the fixed release.
     * Sent by backends that check (Docker), once per tenant start; see the backend for how to
     * acknowledge a build with the fixes backported.
     */
    VULNERABLE_VERSION,
    /**
     * The tenant's instance now listens on another TCP port (its old one was taken while it restarted,
     * or it was adopted or repaired without it); {@code connection()} and the handover already give the
     * new one. The detail names both ports.
     */
    PORT_CHANGED,
    /**
     * A tenant that was over its quota ({@link #QUOTA_EXCEEDED}) is under it again; on a shared
     * server it may write again.
     */
    QUOTA_RESTORED
  }
}
