package io.redistenancy.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class QuickstartOptionsTest {

  @Test
  void keepImpliesTheHomeUnderTheWorkingDirectory() {
    QuickstartOptions options = QuickstartOptions.parse("--keep");
    assertThat(options.keep()).isTrue();
    assertThat(options.fixedHome()).contains(Path.of(".home/quickstart").toAbsolutePath());
    assertThat(QuickstartOptions.parse().fixedHome()).isEmpty();
  }

  @Test
  void refusesUnknownOptionsWithTheUsage() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--nope"))
        .hasMessageStartingWith("unknown option '--nope'").hasMessageContaining("usage: quickstart");
    assertThatThrownBy(() -> QuickstartOptions.parse("--home"))
        .hasMessageStartingWith("--home needs a directory");
  }

  @Test
  void refusesHomesTooLongOrUnsafeForSocketPaths() {
    assertThatThrownBy(() -> QuickstartOptions.parse("--home", "/" + "x".repeat(70)).fixedHome())
        .hasMessageContaining("at most 60 characters");
    assertThatThrownBy(() -> QuickstartOptions.parse("--home", "/tmp/with space").fixedHome())
        .hasMessageContaining("letters, digits and . _ - /");
  }
}
