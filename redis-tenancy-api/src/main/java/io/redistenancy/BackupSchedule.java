package io.redistenancy;

import io.redistenancy.internal.Names;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * When a plan's tenants are backed up by the tenancy's own scheduler: {@link #NONE}, {@link #daily()}
 * (03:00 UTC), {@link #dailyAt(LocalTime)} (UTC) or {@link #every(Duration)}. Immutable. A tenant is
 * due when it has no backup since the schedule's latest slot; the first slot after a tenant's creation
 * is its first backup. Text form (plan files, tenant records; {@link #parse}): {@code none},
 * {@code daily 03:00}, {@code every PT6H}.
 */
public final class BackupSchedule {
  /** No scheduled backups: backups are made on request only. */
  public static final BackupSchedule NONE = new BackupSchedule(null, null);
  /** The default time of a daily backup, UTC. */
  public static final LocalTime DEFAULT_TIME = LocalTime.of(3, 0);

  private final LocalTime dailyAt;
  private final Duration interval;

  private BackupSchedule(LocalTime dailyAt, Duration interval) {
    this.dailyAt = dailyAt;
    this.interval = interval;
  }

  /** Daily at {@link #DEFAULT_TIME}. */
  public static BackupSchedule daily() {
    return dailyAt(DEFAULT_TIME);
  }

  /** Daily at {@code time} UTC (whole minutes). */
  public static BackupSchedule dailyAt(LocalTime time) {
    Objects.requireNonNull(time, "time");
    if (time.getSecond() != 0 || time.getNano() != 0) {
      throw new InvalidRequestException("daily backup time " + time + " must be a whole minute");
    }
    return new BackupSchedule(time, null);
  }

  /** Every {@code interval} (whole minutes, at least 5 minutes) after the previous backup. */
  public static BackupSchedule every(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofMinutes(5)) < 0 || interval.toSecondsPart() != 0 || interval.getNano() != 0) {
      throw new InvalidRequestException("backup interval " + interval + " is invalid; use whole minutes, at least PT5M");
    }
    return new BackupSchedule(null, interval);
  }

  /**
   * Parses the text form.
   *
   * @throws InvalidRequestException naming the text if it is not one of the forms in the class docs
   */
  public static BackupSchedule parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    try {
      if (t.equals("none")) {
        return NONE;
      }
      if (t.equals("daily")) {
        return daily();
      }
      if (t.startsWith("daily ")) {
        return dailyAt(LocalTime.parse(t.substring(6).strip()));
      }
      if (t.startsWith("every ")) {
        return every(Duration.parse(t.substring(6).strip()));
      }
    } catch (DateTimeParseException e) {
      // fall through to the message naming the forms
    }
    throw new InvalidRequestException("backup schedule '" + Names.masked(text)
        + "' is invalid; use 'none', 'daily', 'daily HH:MM' (UTC) or 'every PT6H'");
  }

  public boolean enabled() {
    return dailyAt != null || interval != null;
  }

  /** The time of day (UTC) of a daily schedule. */
  public Optional<LocalTime> dailyTime() {
    return Optional.ofNullable(dailyAt);
  }

  /** The interval of an interval schedule. */
  public Optional<Duration> interval() {
    return Optional.ofNullable(interval);
  }

  /** The time between two slots: a day, or the interval; zero for {@link #NONE}. */
  public Duration period() {
    return dailyAt != null ? Duration.ofDays(1) : interval != null ? interval : Duration.ZERO;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BackupSchedule s && Objects.equals(dailyAt, s.dailyAt) && Objects.equals(interval, s.interval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dailyAt, interval);
  }

  /** The text form, which {@link #parse(String)} reads back. */
  @Override
  public String toString() {
    return dailyAt != null ? "daily " + dailyAt : interval != null ? "every " + interval : "none";
  }
}
