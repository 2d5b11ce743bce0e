package io.redistenancy.internal.backup;

import io.redistenancy.BackupSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** When a {@link BackupSchedule} wants a backup. */
public final class Due {
  private Due() {}

  /**
   * The latest slot at or before {@code now}: today's (or yesterday's) time of a daily schedule; for an
   * interval, {@code since} plus the interval. Empty for {@link BackupSchedule#NONE}.
   *
   * @param since the last backup's time, or the tenant's creation when it has none
   */
  public static Optional<Instant> latestSlot(BackupSchedule schedule, Instant since, Instant now) {
    if (schedule.dailyTime().isPresent()) {
      LocalTime at = schedule.dailyTime().get();
      LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
      Instant slot = today.atTime(at).toInstant(ZoneOffset.UTC);
      return Optional.of(slot.isAfter(now) ? slot.minus(Duration.ofDays(1)) : slot);
    }
    if (schedule.interval().isPresent()) {
      Instant slot = since.plus(schedule.interval().get());
      return Optional.of(slot.isAfter(now) ? since : slot);
    }
    return Optional.empty();
  }

  /**
   * Whether a tenant is due: it has a schedule, and no backup since the latest slot that came after
   * {@code since} (its last backup, or its creation).
   */
  public static boolean isDue(BackupSchedule schedule, Instant since, Instant now) {
    return latestSlot(schedule, since, now).map(slot -> slot.isAfter(since) && !slot.isAfter(now)).orElse(false);
  }

  /** Whether the last backup (or the creation, if none) is older than two periods of the schedule. */
  public static boolean isStale(BackupSchedule schedule, Instant since, Instant now) {
    return schedule.enabled() && Duration.between(since, now).compareTo(schedule.period().multipliedBy(2)) > 0;
  }
}
