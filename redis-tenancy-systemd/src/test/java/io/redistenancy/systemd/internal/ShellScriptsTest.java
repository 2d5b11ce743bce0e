package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import io.redistenancy.systemd.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The backend's shell scripts ({@link Scripts}) pass {@code shellcheck} as POSIX sh with nothing to
 * say, when it is installed ({@code apt-get install shellcheck}); skipped, saying so, when it is not.
 */
class ShellScriptsTest {
  private static final Path SCRIPTS = Path.of("src/main/resources/io/redistenancy/systemd/internal");

  @Test
  void everyScriptLoadsAndPassesShellcheck() throws IOException {
    List<String> scripts = scripts();
    assertThat(scripts).hasSizeGreaterThanOrEqualTo(11);
    scripts.forEach(script -> assertThat(Scripts.load(Path.of(script).getFileName().toString()))
        .as(script).startsWith("# shellcheck shell=sh\n"));
    List<String> argv = new ArrayList<>(List.of("shellcheck", "--format=gcc", "--shell=sh"));
    argv.addAll(scripts);
    CommandRunner.Result check;
    try {
      check = CommandRunner.local().run(argv);
    } catch (UncheckedIOException e) {
      abort("shellcheck is not installed (apt-get install shellcheck): " + e.getMessage());
      return;
    }
    assertThat(check.stdout() + check.stderr()).as("what shellcheck says").isEmpty();
    assertThat(check.exitCode()).isZero();
  }

  private static List<String> scripts() throws IOException {
    try (Stream<Path> files = Files.list(SCRIPTS)) {
      return files.filter(f -> f.toString().endsWith(".sh")).map(Path::toString).sorted().toList();
    }
  }
}
