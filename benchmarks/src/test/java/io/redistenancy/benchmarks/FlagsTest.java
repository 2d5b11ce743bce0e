package io.redistenancy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagsTest {
  private final Flags flags = new Flags("provision-x [--n 20]").flag("--n", 20, 1, 500).flag("--warmup", 2, 0, 100);

  @Test
  void defaultsAndOverrides() {
    assertThat(flags.parse()).isEqualTo(Map.of("--n", 20, "--warmup", 2));
    assertThat(flags.parse("--warmup", "0", "--n", "500")).isEqualTo(Map.of("--n", 500, "--warmup", 0));
  }

  @Test
  void refusesWhatItDoesNotKnowWithTheUsage() {
    assertThatThrownBy(() -> flags.parse("--m", "3")).hasMessage("usage: provision-x [--n 20]; got '--m 3'");
    assertThatThrownBy(() -> flags.parse("--n")).hasMessageStartingWith("usage: ");
    assertThatThrownBy(() -> flags.parse("--n", "many")).hasMessage("--n needs a whole number; got 'many'");
    assertThatThrownBy(() -> flags.parse("--n", "501")).hasMessage("--n 501 is out of range (1 to 500)");
  }
}
