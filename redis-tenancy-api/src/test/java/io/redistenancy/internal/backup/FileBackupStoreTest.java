package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backup;
import io.redistenancy.Persistence;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.internal.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FileBackupStoreTest {
  private Path root;
  private FileBackupStore store;

  @BeforeEach
  void setUp() throws Exception {
    root = Files.createTempDirectory("rt-store-").resolve("backups");
    store = new FileBackupStore(root);
  }

  @AfterEach
  void tearDown() {
    TestFiles.deleteQuietly(root.getParent());
  }

  private static Backup backup(String id, String time) {
    return new Backup(id, "acme", Instant.parse(time), 3, "ab", 10, "7.0.15", 2, 1, Persistence.AOF_EVERYSEC);
  }

  @Test
  void aStagedBackupIsListedOnlyOncePublished() throws Exception {
    Backup b = backup("20261124T120000Z-00aa", "2026-11-24T12:00:00Z");
    Path staged = store.stage("acme", b.id());
    Files.write(staged, new byte[] {1, 2, 3});
    assertThat(store.list("acme")).isEmpty();
    store.publish(b, staged);
    assertThat(store.list("acme")).containsExactly(b);
    Path rdb = store.content(b);
    assertThat(Files.readAllBytes(rdb)).containsExactly(1, 2, 3);
    assertThat(Files.getPosixFilePermissions(rdb)).isEqualTo(PrivateFiles.FILE_0600);
    assertThat(Files.getPosixFilePermissions(root.resolve("acme/" + b.id() + ".json"))).isEqualTo(PrivateFiles.FILE_0600);
    assertThat(Files.getPosixFilePermissions(root.resolve("acme"))).isEqualTo(PrivateFiles.DIR_0700);
  }

  @Test
  void newestFirstAndPartialsOfACrashAreCleanedUp() throws Exception {
    Backup older = backup("20261124T110000Z-00aa", "2026-11-24T11:00:00Z");
    Backup newer = backup("20261124T120000Z-00bb", "2026-11-24T12:00:00Z");
    store.publish(older, store.stage("acme", older.id()));
    Path crashed = store.stage("acme", "20261124T130000Z-00cc");
    store.publish(newer, store.stage("acme", newer.id()));
    assertThat(crashed).doesNotExist();
    assertThat(store.list("acme")).containsExactly(newer, older);
    store.delete(older);
    assertThat(store.list("acme")).containsExactly(newer);
    assertThat(store.list("nobody")).isEmpty();
  }

  @Test
  void metadataWithoutContentIsNotListed() throws Exception {
    Backup b = backup("20261124T120000Z-00aa", "2026-11-24T12:00:00Z");
    store.publish(b, store.stage("acme", b.id()));
    Files.delete(store.content(b));
    assertThat(store.list("acme")).isEmpty();
  }
}
