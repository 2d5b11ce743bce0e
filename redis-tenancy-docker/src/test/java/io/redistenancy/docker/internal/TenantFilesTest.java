package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.internal.KeptData;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a KEEP_DATA removal puts a tenant's data, on the real file system. */
class TenantFilesTest {
  private static final Instant WHEN = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir
  Path work;

  @Test
  void keptDataGoesToRetainedNameStampAndASecondRemovalInTheSameSecondGetsASuffix() throws IOException {
    TenantFiles files = new TenantFiles(work, TenantId.of("acme"));
    Path retained = work.resolve(KeptData.DIRECTORY);

    Files.createDirectories(files.dataDir());
    Files.writeString(files.dataDir().resolve("dump.rdb"), "first");
    Path first = files.keepData(retained, WHEN);

    Files.createDirectories(files.dataDir());
    Files.writeString(files.dataDir().resolve("dump.rdb"), "second");
    Path second = files.keepData(retained, WHEN);

    assertThat(first).isEqualTo(work.resolve("retained/acme-20260102T030405Z"));
    assertThat(first.resolve("dump.rdb")).hasContent("first");
    assertThat(second).isEqualTo(work.resolve("retained/acme-20260102T030405Z-2"));
    assertThat(second.resolve("dump.rdb")).hasContent("second");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(retained))).isEqualTo("rwx------");
    assertThat(files.dataDir()).doesNotExist();
  }
}
