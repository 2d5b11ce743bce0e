package io.redistenancy.backup;

import static io.redistenancy.contract.TenantData.contents;
import static io.redistenancy.contract.TenantData.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupSchedule;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.BackupStatus;
import io.redistenancy.Backups;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backups belong to a tenant's creation, not to its name (real local redis-server instances): a new
 * tenant with a deleted one's name neither lists nor restores the old backups until it imports one,
 * the overview lists them as a deleted tenant's, and orphan retention removes them.
 */
class BackupOwnershipIT {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
  private Path home;
  private RedisTenancy tenancy;

  @BeforeEach
  void open() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-own-");
    tenancy = RedisTenancy.builder().home(home).backend(Backends.local()).clock(clock)
        .plans(Plans.of(Plan.builder("manual").backupSchedule(BackupSchedule.NONE).build())).build();
  }

  @AfterEach
  void close() {
    TenancyCleanup.purgeAndClose(tenancy, home);
  }

  @ParameterizedTest
  @EnumSource(Deletion.class)
  void aNewTenantOfAnOldNameInheritsNoBackupsUntilItImportsOne(Deletion deletion) {
    Tenant old = tenancy.create("acme").plan("manual").apply();
    fill(old, "old");
    Map<String, String> oldData = contents(old);
    Backup first = old.backups().create();
    clock.advance(Duration.ofMinutes(1));
    Backup second = old.backups().create();
    assertThat(second.creation()).as("a backup carries its tenant's creation id").isNotEmpty()
        .isEqualTo(first.creation());
    old.delete(deletion);

    clock.advance(Duration.ofMinutes(1));
    Tenant acme = tenancy.create("acme").plan("manual").apply();
    fill(acme, "new");

    assertThat(acme.backups().list()).as("the old acme's backups are not the new one's").isEmpty();
    assertThat(acme.backups().find(second.id())).isEmpty();
    assertThatThrownBy(() -> acme.backups().restore(second)).isInstanceOf(BackupException.class)
        .hasMessageContaining("earlier tenant named 'acme'").hasMessageContaining("importFrom");
    assertThatThrownBy(() -> acme.backups().restore(second, "clone")).isInstanceOf(BackupException.class)
        .hasMessageContaining("earlier tenant named 'acme'");
    assertThat(tenancy.tenant("clone")).isEmpty();
    assertThat(contents(acme)).as("nothing was restored").doesNotContainEntry("0/k1", "old1");

    Backups fleet = tenancy.backups();
    assertThat(fleet.orphans()).containsExactly(second, first);
    List<BackupStatus> overview = fleet.overview();
    assertThat(overview).extracting(BackupStatus::tenant, BackupStatus::health).containsExactly(
        org.assertj.core.groups.Tuple.tuple("acme", BackupStatus.Health.NONE),
        org.assertj.core.groups.Tuple.tuple("acme", BackupStatus.Health.ORPHANED));
    assertThat(overview.get(1).last()).contains(second);
    assertThat(overview.get(1).detail()).contains("2 backup(s) of a deleted tenant 'acme'");

    Backup imported = acme.backups().importFrom(second);
    assertThat(imported.time()).isEqualTo(second.time());
    assertThat(acme.backups().list()).containsExactly(imported);
    assertThat(fleet.orphans()).containsExactly(first);
    acme.backups().restore(imported);
    assertThat(contents(acme)).isEqualTo(oldData);
    assertThatThrownBy(() -> acme.backups().importFrom(imported)).isInstanceOf(BackupException.class)
        .hasMessageContaining("own already");

    clock.advance(Backups.ORPHAN_RETENTION.minusMinutes(30));
    assertThat(fleet.pruneOrphans()).as("an orphan is kept for the orphan retention").isEmpty();
    clock.advance(Duration.ofHours(1));
    fleet.runDue();
    assertThat(fleet.orphans()).as("orphan retention removed the old acme's other backup").isEmpty();
    assertThat(home.resolve("backups/acme/" + first.id() + ".rdb")).doesNotExist();
    assertThat(acme.backups().list()).as("the imported backup is acme's own, kept by its plan").containsExactly(imported);
  }
}
