package io.redistenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredSyncTest {
  @TempDir
  Path dir;

  @Test
  void writesAtOnceAndAppliesTheLastStepBeforeTheRename() throws IOException {
    DeferredSync later = new DeferredSync();
    Path plain = dir.resolve("plain");
    Path shared = dir.resolve("shared");

    later.write(plain, "one");
    later.write(shared, "two", temp -> Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r-----")));

    assertThat(plain).hasContent("one");
    assertThat(Files.getPosixFilePermissions(plain)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(shared).hasContent("two");
    assertThat(Files.getPosixFilePermissions(shared)).isEqualTo(PosixFilePermissions.fromString("rw-r-----"));
    later.sync();
    assertThat(shared).hasContent("two");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain", "shared");
    }
  }
}
