package io.redistenancy.backup;

import static io.redistenancy.contract.TenantData.change;
import static io.redistenancy.contract.TenantData.contents;
import static io.redistenancy.contract.TenantData.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.BackupStatus;
import io.redistenancy.BackupVerification;
import io.redistenancy.Deletion;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.ReconcileReport;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.FaultyBackends;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.contract.StateFiles;
import io.redistenancy.contract.TestFiles;
import io.redistenancy.spi.BackendFactory;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backups and restores of real redis-server instances on the local backend, through the public API:
 * what {@link io.redistenancy.contract.BackupContract} (the round trip every backend runs) does not cover.
 */
class BackupIT {
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

  private Path home;
  private final RecordingListener listener = new RecordingListener();
  private final MutableClock clock = new MutableClock(START);
  private RedisTenancy tenancy;

  @BeforeEach
  void open() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-bk-");
    tenancy = open(Backends.local());
  }

  private RedisTenancy open(BackendFactory backend) {
    return RedisTenancy.builder().home(home).backend(backend).listener(listener).clock(clock)
        .plans(Plans.of(
            Plan.builder("every10").backupSchedule(BackupSchedule.every(Duration.ofMinutes(10))).build(),
            Plan.builder("nightly").backupSchedule(BackupSchedule.daily()).build(),
            Plan.builder("manual").backupSchedule(BackupSchedule.NONE).build(),
            Plan.builder("keep2").backupRetention(new BackupRetention(2, Duration.ofDays(1))).build()))
        .build();
  }

  @AfterEach
  void close() {
    if (tenancy != null) {
      tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
      tenancy.close();
    }
    TestFiles.deleteQuietly(home);
  }

  @Test
  void corruptBackupsAreDetectedAndNeverRestored() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    change(acme);
    Map<String, String> current = contents(acme);
    Path file = home.resolve("backups/acme/" + backup.id() + ".rdb");
    byte[] original = Files.readAllBytes(file);

    // bit flip in the middle
    byte[] flipped = original.clone();
    flipped[flipped.length / 2] ^= 0x10;
    Files.write(file, flipped);
    BackupVerification v = acme.backups().verify(backup);
    assertThat(v.valid()).isFalse();
    assertThat(v.reason()).startsWith("corrupt: SHA-256");
    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageContaining("is invalid: corrupt: SHA-256")
        .hasMessageContaining("Nothing was changed: tenant 'acme' keeps its data.");
    assertThat(contents(acme)).isEqualTo(current);

    // truncated
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(original);
      raf.setLength(original.length - 100);
    }
    assertThat(acme.backups().verify(backup).reason()).startsWith("truncated: " + (original.length - 100) + " bytes");
    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageContaining("is invalid: truncated");
    assertThat(contents(acme)).isEqualTo(current);

    // a foreign file of the same size
    byte[] foreign = new byte[original.length];
    java.util.Arrays.fill(foreign, (byte) 'x');
    Files.write(file, foreign);
    assertThat(acme.backups().verify(backup).valid()).isFalse();
    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class);
    assertThat(contents(acme)).isEqualTo(current);
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_FAILED);
  }

  @Test
  void aRestoreInterruptedByACrashIsRolledBackByReconcile() throws Exception {
    Tenant acme = tenancy.create("acme").persistence(Persistence.AOF_EVERYSEC).apply();
    fill(acme, "backed-up");
    Backup backup = acme.backups().create();
    change(acme);
    Map<String, String> current = contents(acme);
    tenancy.close();
    tenancy = null;

    // what a crash after set-aside and install leaves: the old data aside, the backup in data/, the intent
    Path dir = home.resolve("instances/tenants/acme");
    String token = "restore-" + backup.id().toLowerCase();
    Files.move(dir.resolve("data"), dir.resolve("aside-" + token));
    Files.createDirectory(dir.resolve("data"));
    Files.copy(home.resolve("backups/acme/" + backup.id() + ".rdb"), dir.resolve("data/dump.rdb"));
    StateFiles.markPending(home, "acme", "RESTORE", token);

    tenancy = open(Backends.local());
    assertThat(tenancy.reconcile().rolledBack()).isEmpty(); // the open's own reconcile did it already
    Tenant again = tenancy.tenant("acme").orElseThrow();
    assertThat(contents(again)).isEqualTo(current);
    assertThat(dir.resolve("aside-" + token)).doesNotExist();
  }

  @Test
  void reconcileReportsTheRollBack() throws Exception {
    Tenant acme = tenancy.create("acme").apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    tenancy.close();
    Path dir = home.resolve("instances/tenants/acme");
    String token = "restore-" + backup.id().toLowerCase();
    Files.move(dir.resolve("data"), dir.resolve("aside-" + token));
    Files.createDirectory(dir.resolve("data"));
    StateFiles.markPending(home, "acme", "RESTORE", token);
    tenancy = RedisTenancy.builder().home(home).clock(clock).reconcileOnOpen(false).build();
    ReconcileReport report = tenancy.reconcile();
    assertThat(report.rolledBack()).containsExactly("acme: restore interrupted; rolled back to the data kept aside");
    assertThat(contents(tenancy.tenant("acme").orElseThrow())).hasSize(203);
  }

  @Test
  void cloneIntoANewTenantWithTheSourcesPlan() {
    Tenant acme = tenancy.create("acme").plan("keep2").persistence(Persistence.RDB_AND_AOF).apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    Tenant copy = acme.backups().restore(backup, "acme-copy");
    assertThat(copy.plan()).isEqualTo(acme.plan());
    assertThat(contents(copy)).isEqualTo(contents(acme));
    assertThatThrownBy(() -> copy.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessageStartingWith("Backup " + backup.id() + " belongs to tenant 'acme', not 'acme-copy'.");
  }

  @Test
  void retentionDeletesExactlyTheExpiredBackups() {
    Tenant acme = tenancy.create("acme").plan("keep2").apply();
    List<Backup> made = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      made.add(acme.backups().create());
      clock.advance(Duration.ofMinutes(1));
    }
    // keep2: at most 2 — the oldest went when the third was made
    assertThat(acme.backups().list()).containsExactly(made.get(2), made.get(1));
    assertThat(home.resolve("backups/acme/" + made.get(0).id() + ".rdb")).doesNotExist();
    // and at most a day old, except the newest
    clock.advance(Duration.ofHours(24));
    assertThat(acme.backups().prune()).containsExactly(made.get(1));
    assertThat(acme.backups().list()).containsExactly(made.get(2));
  }

  @Test
  void scheduleFiresOnTheTestClockAndTheOverviewShowsIt() {
    Tenant acme = tenancy.create("acme").plan("every10").apply();
    Tenant night = tenancy.create("night").plan("nightly").apply();
    tenancy.create("manual").plan("manual").apply();
    tenancy.create("plain").apply(); // the built-in default plan: daily
    assertThat(tenancy.backups().runDue()).isEmpty();

    clock.advance(Duration.ofMinutes(10));
    List<Backup> made = tenancy.backups().runDue();
    assertThat(made).extracting(Backup::tenant).containsExactly("acme");
    assertThat(tenancy.backups().runDue()).isEmpty();

    clock.set(Instant.parse("2026-11-25T03:00:00Z"));
    assertThat(tenancy.backups().runDue()).extracting(Backup::tenant).containsExactly("acme", "night", "plain");
    assertThat(night.backups().list()).hasSize(1);

    List<BackupStatus> overview = tenancy.backups().overview();
    assertThat(overview).extracting(BackupStatus::tenant).containsExactly("acme", "manual", "night", "plain");
    assertThat(overview).extracting(BackupStatus::health).containsExactly(BackupStatus.Health.OK,
        BackupStatus.Health.NONE, BackupStatus.Health.OK, BackupStatus.Health.OK);
    assertThat(overview.get(0).age()).hasValue(Duration.ZERO);
    assertThat(acme.backups().list()).hasSize(2);
  }

  @Test
  void aStoppedScheduledTenantGoesStale() {
    Tenant acme = tenancy.create("acme").plan("every10").apply();
    acme.backups().create();
    acme.stop();
    clock.advance(Duration.ofMinutes(21));
    assertThat(tenancy.backups().runDue()).isEmpty();
    assertThat(listener.types("acme")).contains(TenancyEvent.Type.BACKUP_STALE);
    tenancy.backups().runDue();
    assertThat(listener.types("acme").stream().filter(t -> t == TenancyEvent.Type.BACKUP_STALE)).hasSize(1);
    assertThat(tenancy.backups().overview().get(0).health()).isEqualTo(BackupStatus.Health.STALE);
    assertThatThrownBy(() -> acme.backups().create()).isInstanceOf(BackupException.class)
        .hasMessage("Tenant 'acme' is STOPPED; a backup needs the running instance. Start it (tenant.start()) and try again.");
  }

  @Test
  void aBackendWithoutDataAccessRefusesRestoreClearly() {
    tenancy.close();
    tenancy = open(FaultyBackends.withoutDataAccess(Backends.local()));
    Tenant acme = tenancy.create("acme").apply();
    fill(acme, "v");
    Backup backup = acme.backups().create();
    assertThatThrownBy(() -> acme.backups().restore(backup)).isInstanceOf(BackupException.class)
        .hasMessage("Restore is not supported on backend 'local': it gives the library no access to instances' "
            + "data files. Tenant 'acme' was not changed.");
    assertThat(contents(acme)).hasSize(203);
  }
}
