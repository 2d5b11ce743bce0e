package io.redistenancy;

import io.redistenancy.TenancyEvent.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a {@link TenancyEvent} says, as figures a listener can use without parsing text: one record per
 * kind of event (a few kinds have two, e.g. {@link CertificateMigrated}). {@link #detail()} is the
 * human-readable text derived from them. A figure the sender cannot know (e.g. the exit code of a
 * process another service supervises) is an empty {@code Optional}, never a made-up value. No payload
 * carries a secret.
 *
 * <pre>{@code
 * if (event.payload() instanceof EventPayload.Resized r) { alert(r.from(), r.to()); }
 * }</pre>
 */
public sealed interface EventPayload {
  /** The kind of event this payload belongs to. */
  Type type();

  /** A short human-readable text (never a secret); empty when there is nothing to say. */
  String detail();

  /** A tenant was created with {@code plan}'s name and memory limit. */
  record Created(String plan, MemorySize maxMemory) implements EventPayload {
    public Created {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(maxMemory, "maxMemory");
    }

    @Override public Type type() { return Type.CREATED; }
    @Override public String detail() { return "plan " + plan + ", maxmemory " + maxMemory; }
  }

  /** The tenant's instance was started. */
  record Started() implements EventPayload {
    @Override public Type type() { return Type.STARTED; }
    @Override public String detail() { return ""; }
  }

  /** The tenant's instance was stopped on request. */
  record Stopped() implements EventPayload {
    @Override public Type type() { return Type.STOPPED; }
    @Override public String detail() { return ""; }
  }

  /**
   * The instance exited unexpectedly.
   *
   * @param exitCode the process's exit code, when the backend sees it
   * @param signal the signal number that killed it, when the backend knows it died by one
   * @param crashesInRow how many times in a row it crashed now (1 for a first crash), when the backend counts
   * @param description how the backend describes the exit
   */
  record Crashed(OptionalInt exitCode, OptionalInt signal, OptionalInt crashesInRow, String description)
      implements EventPayload {
    public Crashed {
      Objects.requireNonNull(exitCode, "exitCode");
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(crashesInRow, "crashesInRow");
      Objects.requireNonNull(description, "description");
    }

    /** A crash the backend can only describe. */
    public static Crashed described(String description) {
      return new Crashed(OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), description);
    }

    @Override public Type type() { return Type.CRASHED; }
    @Override public String detail() { return description; }
  }

  /**
   * The instance runs again after a crash (or was repaired by reconcile).
   *
   * @param restartCount which restart in a row this is, when the backend counts them
   * @param description how and why
   */
  record Restarted(OptionalInt restartCount, String description) implements EventPayload {
    public Restarted {
      Objects.requireNonNull(restartCount, "restartCount");
      Objects.requireNonNull(description, "description");
    }

    /** A restart the backend can only describe. */
    public static Restarted described(String description) {
      return new Restarted(OptionalInt.empty(), description);
    }

    @Override public Type type() { return Type.RESTARTED; }
    @Override public String detail() { return description; }
  }

  /** The library gave up on the instance, for {@code reason} (which may end with a log tail). */
  record Failed(String reason) implements EventPayload {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override public Type type() { return Type.FAILED; }
    @Override public String detail() { return reason; }
  }

  /** The tenant's memory limit changed. */
  record Resized(MemorySize from, MemorySize to) implements EventPayload {
    public Resized {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override public Type type() { return Type.RESIZED; }
    @Override public String detail() { return from + " -> " + to; }
  }

  /** A live-changeable setting other than the memory limit changed, e.g. {@code "keyspace events"}. */
  record Reconfigured(String setting, String from, String to) implements EventPayload {
    public Reconfigured {
      Objects.requireNonNull(setting, "setting");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override public Type type() { return Type.RECONFIGURED; }
    @Override public String detail() { return setting + " " + from + " -> " + to; }
  }

  /** A deleted tenant's keys (named {@code keyPrefix*} on its shared server) are being removed in batches. */
  record Deleting(long keysRemoved, String keyPrefix) implements EventPayload {
    public Deleting {
      Objects.requireNonNull(keyPrefix, "keyPrefix");
    }

    @Override public Type type() { return Type.DELETING; }
    @Override public String detail() { return keysRemoved + " keys " + keyPrefix + "* removed so far"; }
  }

  /**
   * The tenant is gone.
   *
   * @param dataKeptAt where its data was kept, when the deletion kept it
   * @param byReconcile whether reconcile finished a deletion that had been interrupted
   */
  record Deleted(Optional<String> dataKeptAt, boolean byReconcile) implements EventPayload {
    public Deleted {
      Objects.requireNonNull(dataKeptAt, "dataKeptAt");
    }

    @Override public Type type() { return Type.DELETED; }

    @Override public String detail() {
      return byReconcile ? "finished by reconcile" : dataKeptAt.map(at -> "data kept at " + at).orElse("");
    }
  }

  /** The tenant uses about {@code used} (sampled), more than its {@code quota}; it may read and delete only. */
  record QuotaExceeded(MemorySize quota, MemorySize used) implements EventPayload {
    public QuotaExceeded {
      Objects.requireNonNull(quota, "quota");
      Objects.requireNonNull(used, "used");
    }

    @Override public Type type() { return Type.QUOTA_EXCEEDED; }

    @Override public String detail() {
      return usage(used, quota) + "; it may read and delete its keys but not write until it is under again";
    }
  }

  /** A tenant over its quota uses about {@code used} (sampled) now, within its {@code quota}; it may write again. */
  record QuotaRestored(MemorySize quota, MemorySize used) implements EventPayload {
    public QuotaRestored {
      Objects.requireNonNull(quota, "quota");
      Objects.requireNonNull(used, "used");
    }

    @Override public Type type() { return Type.QUOTA_RESTORED; }
    @Override public String detail() { return usage(used, quota) + "; it may write again"; }
  }

  /** A new server certificate was issued and reloaded live. */
  record CertificateRenewed(String serialNumber, Instant notAfter) implements EventPayload {
    public CertificateRenewed {
      Objects.requireNonNull(serialNumber, "serialNumber");
      Objects.requireNonNull(notAfter, "notAfter");
    }

    @Override public Type type() { return Type.CERTIFICATE_RENEWED; }
    @Override public String detail() { return "serial " + serialNumber + ", until " + notAfter; }
  }

  /**
   * A tenant set up before identities were per tenant got a server certificate naming {@code serverName}
   * and a client CA of its own (a {@link Type#CERTIFICATE_RENEWED} event).
   */
  record CertificateMigrated(String serverName) implements EventPayload {
    public CertificateMigrated {
      Objects.requireNonNull(serverName, "serverName");
    }

    @Override public Type type() { return Type.CERTIFICATE_RENEWED; }

    @Override public String detail() {
      return "migrated to a server certificate naming " + serverName + " and a client CA of its own; "
          + "mutual-TLS clients need the new client certificate";
    }
  }

  /**
   * The server certificate ends within {@code warningPeriod}.
   *
   * @param notAfter when it ends
   * @param remaining how long it was still valid when this was said (zero or negative: it has ended)
   * @param warningPeriod the configured warning period that was reached
   */
  record CertificateExpiring(Instant notAfter, Duration remaining, Duration warningPeriod) implements EventPayload {
    public CertificateExpiring {
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(remaining, "remaining");
      Objects.requireNonNull(warningPeriod, "warningPeriod");
    }

    @Override public Type type() { return Type.CERTIFICATE_EXPIRING; }

    @Override public String detail() {
      return "the server certificate " + (remaining.isNegative() || remaining.isZero() ? "has ended"
          : "ends in " + remaining.toDays() + " days") + ", at " + notAfter + " (warning period "
          + warningPeriod.toDays() + " days); renew it";
    }
  }

  /** The tenant user got a new password; the previous one works until {@code previousValidUntil}. */
  record PasswordRotated(Instant previousValidUntil) implements EventPayload {
    public PasswordRotated {
      Objects.requireNonNull(previousValidUntil, "previousValidUntil");
    }

    @Override public Type type() { return Type.PASSWORD_ROTATED; }
    @Override public String detail() { return "the previous password works until " + previousValidUntil; }
  }

  /** A backup was made and verified; the figures are the {@link Backup}'s. */
  record BackupDone(String backupId, long sizeBytes, long keys) implements EventPayload {
    public BackupDone {
      Objects.requireNonNull(backupId, "backupId");
    }

    @Override public Type type() { return Type.BACKUP_DONE; }
    @Override public String detail() { return backupId + " (" + sizeBytes + " bytes, " + keys + " keys)"; }
  }

  /** A backup or a restore failed for {@code reason} (a failed restore was rolled back). */
  record BackupFailed(String reason) implements EventPayload {
    public BackupFailed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override public Type type() { return Type.BACKUP_FAILED; }
    @Override public String detail() { return reason; }
  }

  /**
   * The newest backup is older than the schedule allows.
   *
   * @param newestBackup when the newest backup was made; empty when there is none
   * @param age how old the newest backup is, or the tenant when there is none
   * @param schedule the schedule, as its text
   */
  record BackupStale(Optional<Instant> newestBackup, Duration age, String schedule) implements EventPayload {
    public BackupStale {
      Objects.requireNonNull(newestBackup, "newestBackup");
      Objects.requireNonNull(age, "age");
      Objects.requireNonNull(schedule, "schedule");
    }

    @Override public Type type() { return Type.BACKUP_STALE; }

    @Override public String detail() {
      return "newest backup " + (newestBackup.isEmpty() ? "none since creation " + age.toHours() + " h ago"
          : "is " + age.toHours() + " h old") + "; schedule " + schedule;
    }
  }

  /** The tenant's data was replaced by backup {@code backupId}'s {@code keys} keys. */
  record Restored(String backupId, long keys) implements EventPayload {
    public Restored {
      Objects.requireNonNull(backupId, "backupId");
    }

    @Override public Type type() { return Type.RESTORED; }
    @Override public String detail() { return "from backup " + backupId + " (" + keys + " keys)"; }
  }

  /**
   * The instance runs a Redis version with known tenant-reachable vulnerabilities.
   *
   * @param version the Redis version it runs
   * @param cves the CVE ids
   * @param fixedIn the release of the same line that fixes them all; empty when the line has none
   * @param description what to do about it
   */
  record VulnerableVersion(String version, List<String> cves, Optional<String> fixedIn, String description)
      implements EventPayload {
    public VulnerableVersion {
      Objects.requireNonNull(version, "version");
      cves = List.copyOf(cves);
      Objects.requireNonNull(fixedIn, "fixedIn");
      Objects.requireNonNull(description, "description");
    }

    @Override public Type type() { return Type.VULNERABLE_VERSION; }
    @Override public String detail() { return description; }
  }

  /**
   * The instance now listens on another TCP endpoint.
   *
   * @param from its TCP endpoint before; empty when it had none
   * @param to its TCP endpoint now; empty when it has none
   * @param reason why it moved
   */
  record PortChanged(Optional<Endpoint> from, Optional<Endpoint> to, String reason) implements EventPayload {
    public PortChanged {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(reason, "reason");
    }

    @Override public Type type() { return Type.PORT_CHANGED; }

    @Override public String detail() {
      return tcp(from) + " -> " + tcp(to) + " (" + reason + ")";
    }

    private static String tcp(Optional<Endpoint> endpoint) {
      return endpoint.map(Endpoint::toString).orElse("no TCP");
    }
  }

  private static String usage(MemorySize used, MemorySize quota) {
    return "uses about " + used + " of its " + quota + " quota (sampled)";
  }
}
