package io.redistenancy.benchmarks.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProvisionLocalOptionsTest {

  @Test
  void defaultsAndOverrides() {
    assertThat(ProvisionLocal.Options.parse()).isEqualTo(new ProvisionLocal.Options(50, 5, 100));
    assertThat(ProvisionLocal.Options.parse("--n", "20", "--warmup", "0"))
        .isEqualTo(new ProvisionLocal.Options(20, 0, 100));
  }

  @Test
  void refusesBadArguments() {
    assertThatThrownBy(() -> ProvisionLocal.Options.parse("--n", "x")).hasMessage("--n needs a whole number; got 'x'");
    assertThatThrownBy(() -> ProvisionLocal.Options.parse("--n", "0")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> ProvisionLocal.Options.parse("--bogus", "1")).hasMessageStartingWith("usage: provision-local");
  }
}
