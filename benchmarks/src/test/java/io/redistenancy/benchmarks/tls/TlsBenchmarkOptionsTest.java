package io.redistenancy.benchmarks.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlsBenchmarkOptionsTest {
  @Test
  void defaultsAndOverrides() {
    assertThat(TlsBenchmark.Options.parse()).isEqualTo(new TlsBenchmark.Options(30, 3));
    assertThat(TlsBenchmark.Options.parse("--warmup", "0", "--n", "5")).isEqualTo(new TlsBenchmark.Options(5, 0));
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> TlsBenchmark.Options.parse("--n", "x")).hasMessage("--n needs a whole number; got 'x'");
    assertThatThrownBy(() -> TlsBenchmark.Options.parse("--n", "0")).hasMessage("--n 0 is out of range (1 to 1000)");
    assertThatThrownBy(() -> TlsBenchmark.Options.parse("--n")).hasMessageStartingWith("usage: tls [--n 30]");
  }
}
