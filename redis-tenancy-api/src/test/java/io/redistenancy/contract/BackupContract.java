package io.redistenancy.contract;

import static io.redistenancy.contract.TenantData.change;
import static io.redistenancy.contract.TenantData.contents;
import static io.redistenancy.contract.TenantData.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.Deletion;
import io.redistenancy.EventPayload;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backup and restore as every backend with data access must do them, through the public API: a
 * backend's module runs it by extending this class in an {@code *IT} and supplying {@link #backend()}.
 */
public abstract class BackupContract {
  protected final RecordingListener listener = new RecordingListener();
  protected Path home;
  protected RedisTenancy tenancy;

  /** The backend under test, with its test settings. */
  protected abstract BackendFactory backend();

  /**
   * Why this backend cannot run the tests that inject faults into {@link io.redistenancy.spi.InstanceDataAccess}
   * (they need a backend that restores through its file steps); empty, the default, when it can.
   */
  protected Optional<String> withoutDataAccessFaults() {
    return Optional.empty();
  }

  /** Whether a tenant's restart follows the plan's persistence; false where the server keeps its own settings. */
  protected boolean appliesPersistence() {
    return true;
  }

  @BeforeEach
  void openTenancy() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-bk-");
    tenancy = open(backend());
  }

  protected RedisTenancy open(BackendFactory backend) {
    return RedisTenancy.builder().home(home).backend(backend).listener(listener).build();
  }

  @AfterEach
  void closeTenancy() {
    try {
      if (tenancy != null) {
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
        tenancy.close();
      }
    } finally {
      TestFiles.deleteQuietly(home);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Persistence.class, names = {"NONE", "RDB", "AOF_EVERYSEC", "RDB_AND_AOF"})
  void restoreBringsBackExactlyTheBackupsData(Persistence persistence) {
    Tenant acme = tenancy.create("acme").persistence(persistence).apply();
    fill(acme, "v");
    Map<String, String> before = contents(acme);
    AtomicLong progress = new AtomicLong();

    Backup backup = acme.backups().create(progress::set);
    assertThat(backup.keys()).isEqualTo(TenantData.KEYS);
    assertThat(backup.persistence()).isEqualTo(persistence);
    assertThat(backup.rdbVersion()).isGreaterThanOrEqualTo(9);
    assertThat(backup.redisVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(progress.get()).isEqualTo(backup.size());
    assertThat(acme.backups().list()).containsExactly(backup);
    assertThat(acme.backups().verify(backup).valid()).isTrue();

    change(acme);
    assertThat(contents(acme)).isNotEqualTo(before);
    acme.backups().restore(backup);
    assertThat(contents(acme)).isEqualTo(before);
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_DONE, TenancyEvent.Type.RESTORED);
    assertThat(listener.payloads("acme", EventPayload.BackupDone.class))
        .containsExactly(new EventPayload.BackupDone(backup.id(), backup.size(), backup.keys()));
    assertThat(listener.payloads("acme", EventPayload.Restored.class))
        .containsExactly(new EventPayload.Restored(backup.id(), backup.keys()));

    // the restored data is the tenant's own now: it survives a restart as the mode promises
    acme.restart();
    assertThat(contents(acme)).isEqualTo(persistence == Persistence.NONE && appliesPersistence() ? Map.of() : before);
  }

  @Test
  void cloneIntoANewTenant() {
    Tenant acme = tenancy.create("acme").persistence(Persistence.RDB).apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    Tenant copy = acme.backups().restore(backup, "acme-copy");
    assertThat(contents(copy)).isEqualTo(contents(acme));
    change(copy);
    assertThat(contents(acme)).isNotEqualTo(contents(copy));
  }

  /** On this backend's real files: the data set aside goes back, whatever the mode keeps on disk. */
  @Test
  void aRestoreThatFailsAfterInstallingIsRolledBack() {
    withoutDataAccessFaults().ifPresent(Assumptions::abort);
    tenancy.close();
    tenancy = open(FaultyBackends.failingAfterInstall(backend()));
    Tenant acme = tenancy.create("acme").persistence(Persistence.RDB_AND_AOF).apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    change(acme);
    Map<String, String> current = contents(acme);

    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageContaining("injected fault: no space left on device")
        .hasMessageContaining("Rolled back: tenant 'acme' has its previous data again.");
    assertThat(contents(acme)).isEqualTo(current);
    acme.restart();
    assertThat(contents(acme)).isEqualTo(current);
  }

  /** On this backend's real files: reconcile puts back the data a killed restore left aside. */
  @Test
  void aRestoreKilledAfterInstallingIsRolledBackByReconcile() {
    withoutDataAccessFaults().ifPresent(Assumptions::abort);
    tenancy.close();
    tenancy = open(FaultyBackends.killedAfterInstall(backend()));
    Tenant acme = tenancy.create("acme").persistence(Persistence.AOF_EVERYSEC).apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    change(acme);
    Map<String, String> current = contents(acme);
    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(FaultyBackends.Killed.class);
    tenancy.close();

    tenancy = open(backend());
    assertThat(contents(tenancy.tenant("acme").orElseThrow())).isEqualTo(current);
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_FAILED);
  }
}
