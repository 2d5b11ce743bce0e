package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SharedServersTest {
  @Test
  void theQuotaCheckIntervalIsFifteenSecondsUnlessSetWithinItsRange() {
    SharedServers shared = Backends.sharedServers();
    assertThat(shared.settings().quotaCheckInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(shared.quotaCheckInterval(Duration.ofMillis(100)).settings().quotaCheckInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(shared.quotaCheckInterval(Duration.ofHours(1)).settings().quotaCheckInterval()).isEqualTo(Duration.ofHours(1));
    for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofMillis(99), Duration.ofSeconds(-1),
        Duration.ofHours(1).plusMillis(1)}) {
      assertThatThrownBy(() -> shared.quotaCheckInterval(bad)).isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("quotaCheckInterval " + bad).hasMessageContaining("allowed 100ms to 1h");
    }
    assertThat(shared.settings().quotaCheckInterval()).as("a refused value changes nothing").isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> shared.quotaCheckInterval(null)).isInstanceOf(NullPointerException.class);
  }
}
