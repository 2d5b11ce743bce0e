package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backup;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.Persistence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetentionAndDueTest {
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

  private static Backup at(Instant time) {
    return new Backup(time.toString(), "acme", time, 10, "00", 10, "7.0.15", 1, 0, Persistence.RDB);
  }

  @Test
  void retentionByCountKeepsTheNewest() {
    List<Backup> five = IntStream.range(0, 5).mapToObj(i -> at(NOW.minus(Duration.ofHours(i)))).toList();
    List<Backup> expired = Retention.expired(five, new BackupRetention(3, Duration.ofDays(30)), NOW);
    assertThat(expired).containsExactly(five.get(3), five.get(4));
  }

  @Test
  void retentionByAgeNeverTheNewest() {
    Backup fresh = at(NOW.minus(Duration.ofDays(29)));
    Backup old = at(NOW.minus(Duration.ofDays(31)));
    Backup older = at(NOW.minus(Duration.ofDays(40)));
    assertThat(Retention.expired(List.of(older, fresh, old), BackupRetention.DEFAULT, NOW)).containsExactly(old, older);
    assertThat(Retention.expired(List.of(old, older), BackupRetention.DEFAULT, NOW)).containsExactly(older);
  }

  @Test
  void dailyIsDueOnceTheSlotPassed() {
    BackupSchedule daily = BackupSchedule.dailyAt(LocalTime.of(3, 0));
    Instant created = Instant.parse("2026-11-24T10:00:00Z");
    assertThat(Due.isDue(daily, created, Instant.parse("2026-11-25T02:59:00Z"))).isFalse();
    assertThat(Due.isDue(daily, created, Instant.parse("2026-11-25T03:00:00Z"))).isTrue();
    Instant backedUp = Instant.parse("2026-11-25T03:00:30Z");
    assertThat(Due.isDue(daily, backedUp, Instant.parse("2026-11-25T23:00:00Z"))).isFalse();
    assertThat(Due.isDue(daily, backedUp, Instant.parse("2026-11-26T03:01:00Z"))).isTrue();
  }

  @Test
  void intervalIsDueAfterTheInterval() {
    BackupSchedule hourly = BackupSchedule.every(Duration.ofHours(1));
    assertThat(Due.isDue(hourly, NOW, NOW.plus(Duration.ofMinutes(59)))).isFalse();
    assertThat(Due.isDue(hourly, NOW, NOW.plus(Duration.ofMinutes(60)))).isTrue();
    assertThat(Due.isDue(BackupSchedule.NONE, NOW, NOW.plus(Duration.ofDays(9)))).isFalse();
  }

  @Test
  void staleAfterTwoPeriods() {
    BackupSchedule hourly = BackupSchedule.every(Duration.ofHours(1));
    assertThat(Due.isStale(hourly, NOW, NOW.plus(Duration.ofMinutes(120)))).isFalse();
    assertThat(Due.isStale(hourly, NOW, NOW.plus(Duration.ofMinutes(121)))).isTrue();
    assertThat(Due.isStale(BackupSchedule.NONE, NOW, NOW.plus(Duration.ofDays(99)))).isFalse();
  }
}
