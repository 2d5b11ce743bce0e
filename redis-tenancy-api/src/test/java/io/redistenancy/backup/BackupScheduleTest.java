package io.redistenancy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class BackupScheduleTest {
  @Test
  void textFormRoundTrips() {
    for (BackupSchedule s : new BackupSchedule[] {BackupSchedule.NONE, BackupSchedule.daily(),
        BackupSchedule.dailyAt(LocalTime.of(23, 45)), BackupSchedule.every(Duration.ofHours(6))}) {
      assertThat(BackupSchedule.parse(s.toString())).isEqualTo(s);
    }
    assertThat(BackupSchedule.parse("daily")).isEqualTo(BackupSchedule.dailyAt(LocalTime.of(3, 0)));
  }

  @Test
  void badValuesSayWhatIsAllowed() {
    assertThatThrownBy(() -> BackupSchedule.parse("weekly")).isInstanceOf(InvalidRequestException.class)
        .hasMessage("backup schedule 'weekly' is invalid; use 'none', 'daily', 'daily HH:MM' (UTC) or 'every PT6H'");
    assertThatThrownBy(() -> BackupSchedule.every(Duration.ofMinutes(1))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("backup interval PT1M is invalid; use whole minutes, at least PT5M");
    assertThatThrownBy(() -> new BackupRetention(0, Duration.ofDays(1))).isInstanceOf(InvalidRequestException.class)
        .hasMessage("backup retention maxCount 0 is out of range; allowed 1 to 10000");
  }

  @Test
  void planCarriesScheduleAndRetention() {
    Plan plain = Plan.builder("basic").build();
    assertThat(plain.backupSchedule()).isEqualTo(BackupSchedule.daily());
    assertThat(plain.backupRetention()).isEqualTo(BackupRetention.DEFAULT);
    Plan nightly = plain.toBuilder().backupSchedule(BackupSchedule.daily())
        .backupRetention(new BackupRetention(7, Duration.ofDays(7))).build();
    assertThat(nightly).isNotEqualTo(plain);
    assertThat(nightly.toBuilder().build()).isEqualTo(nightly).hasSameHashCodeAs(nightly);
    assertThat(nightly.backupRetention().maxCount()).isEqualTo(7);
  }
}
