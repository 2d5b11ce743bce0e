package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File I/O the library cannot do reaches the caller as a {@link TenancyException}, the one unchecked
 * root of the public API, never as an {@link UncheckedIOException}. Caused for real: the tests run as
 * root, where permissions stop nothing, so the failing path is one below a regular file.
 */
class FileFailuresTest {
  @TempDir
  Path dir;

  @Test
  void aHomeThatCannotBeCreatedIsATenancyException() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path home = file.resolve("home");

    assertThatThrownBy(() -> RedisTenancy.builder().home(home).backend(Backends.local()).build())
        .isInstanceOf(TenancyException.class)
        .isNotInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot create directory " + home);
  }
}
