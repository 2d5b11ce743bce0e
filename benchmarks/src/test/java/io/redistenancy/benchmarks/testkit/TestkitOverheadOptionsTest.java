package io.redistenancy.benchmarks.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestkitOverheadOptionsTest {
  @Test
  void defaultsAndOverrides() {
    assertThat(TestkitOverhead.Options.parse()).isEqualTo(new TestkitOverhead.Options(500, 100, 20, 100));
    assertThat(TestkitOverhead.Options.parse("--tc-n", "3")).isEqualTo(new TestkitOverhead.Options(500, 100, 3, 100));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThatThrownBy(() -> TestkitOverhead.Options.parse("--n", "0")).hasMessageContaining("--n 0 is out of range");
    assertThatThrownBy(() -> TestkitOverhead.Options.parse("--iterations", "5")).hasMessageContaining("usage: testkit");
  }
}
