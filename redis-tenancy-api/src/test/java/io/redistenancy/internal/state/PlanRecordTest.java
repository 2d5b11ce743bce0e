package io.redistenancy.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plan survives its tenant record, new directives included, and a stored value passes the plan's checks again. */
class PlanRecordTest {
  @Test
  void aDirectiveWithoutAFieldOfItsOwnIsStoredByItsPlanFileName() {
    Plan dense = Plan.builder("dense").hz(5).build();
    PlanRecord record = PlanRecord.of(dense);
    assertThat(record.directives()).containsEntry("hz", "5");
    assertThat(record.toPlan()).isEqualTo(dense);
  }

  @Test
  void aRecordWrittenBeforeTheTableGetsTheDefaults() {
    PlanRecord old = withDirectives(PlanRecord.of(Plan.DEFAULT), null);
    assertThat(old.toPlan()).isEqualTo(Plan.DEFAULT);
    assertThat(old.toPlan().hz()).isEqualTo(10);
  }

  @Test
  void aStoredValueIsCheckedAgainAndAnUnknownOneRefused() {
    PlanRecord record = PlanRecord.of(Plan.DEFAULT);
    assertThatThrownBy(() -> withDirectives(record, Map.of("hz", "0")).toPlan())
        .isInstanceOf(InvalidRequestException.class).hasMessage("hz 0 is out of range; allowed 1 to 500");
    assertThatThrownBy(() -> withDirectives(record, Map.of("lazyfree-lazy-user-del", "yes")).toPlan())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("directive 'lazyfree-lazy-user-del', which this version of the library does not know");
  }

  private static PlanRecord withDirectives(PlanRecord r, Map<String, String> directives) {
    return new PlanRecord(r.name(), r.maxMemoryBytes(), r.evictionPolicy(), r.persistence(), r.savePoints(),
        r.maxClients(), r.databases(), r.idleTimeoutSeconds(), r.tcpKeepAliveSeconds(), r.access(), r.clientAuth(),
        r.backupSchedule(), r.backupRetentionCount(), r.backupRetentionSeconds(), r.keyspaceEvents(), directives);
  }
}
