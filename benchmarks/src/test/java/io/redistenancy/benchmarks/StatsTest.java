package io.redistenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void percentilesByNearestRank() {
    Stats s = Stats.ofNanos(LongStream.rangeClosed(1, 100).map(i -> i * 1_000_000).boxed().toList());
    assertThat(s.p50()).isEqualTo(50.0);
    assertThat(s.p95()).isEqualTo(95.0);
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(100.0);
    assertThat(s.mean()).isEqualTo(50.5);
  }

  @Test
  void smallSamplesNeverInterpolate() {
    Stats s = Stats.ofNanos(List.of(3_000_000L, 1_000_000L, 2_000_000L));
    assertThat(s.p50()).isEqualTo(2.0);
    assertThat(s.p95()).isEqualTo(3.0);
    assertThat(s.percentile(1)).isEqualTo(1.0);
  }
}
