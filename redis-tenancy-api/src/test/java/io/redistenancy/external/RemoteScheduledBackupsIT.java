package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.BackupException;
import io.redistenancy.BackupSchedule;
import io.redistenancy.BackupStatus;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.backup.MutableClock;
import io.redistenancy.contract.FaultyBackends;
import io.redistenancy.contract.RecordingListener;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup schedule of tenants on shared and registered servers (a real redis-server the test starts),
 * driven by {@code backups().runDue()} on a test clock: such tenants are backed up when their plan's
 * schedule says so, and a backup that cannot be made is said as {@code BACKUP_FAILED}, then
 * {@code BACKUP_STALE} — never skipped silently.
 */
class RemoteScheduledBackupsIT {
  private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
  private static final Duration EVENT_BOUND = Duration.ofSeconds(30);

  @TempDir
  Path root;
  private TestRedis server;
  private RedisTenancy tenancy;
  private final RecordingListener listener = new RecordingListener();
  private final MutableClock clock = new MutableClock(START);

  @BeforeEach
  void start() throws Exception {
    server = TestRedis.start(root);
  }

  @AfterEach
  void stop() throws Exception {
    if (tenancy != null) {
      tenancy.close();
    }
    server.close();
  }

  private void open(BackendFactory backend) throws Exception {
    tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-")).backend(backend).listener(listener)
        .clock(clock).plans(Plans.of(
            Plan.builder("every10").backupSchedule(BackupSchedule.every(Duration.ofMinutes(10))).build()))
        .build();
  }

  private BackendFactory shared() {
    return Backends.sharedServers().server("127.0.0.1", server.port()).admin(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
  }

  private BackendFactory registered(String adminUser, String adminPassword) {
    return Backends.registeredServers().register("acme", "127.0.0.1", server.port(), adminUser, adminPassword)
        .timeout(Duration.ofSeconds(5));
  }

  @Test
  void sharedTenantsAreBackedUpOnTheirScheduleAndTheDefaultDailyOne() throws Exception {
    open(shared());
    Tenant acme = tenancy.create("acme").plan("every10").apply();
    Tenant plain = tenancy.create("plain").apply(); // the built-in default plan: daily
    try (var conn = acme.connect()) {
      conn.sync().set("acme:k", "v");
    }
    assertThat(tenancy.backups().runDue()).as("nothing is due yet").isEmpty();

    clock.advance(Duration.ofMinutes(10));
    assertThat(tenancy.backups().runDue()).extracting(Backup::tenant).containsExactly("acme");
    assertThat(acme.backups().list()).singleElement().extracting(Backup::keys).isEqualTo(1L);
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_DONE,
        EVENT_BOUND)).as("BACKUP_DONE for acme").isTrue();

    clock.set(Instant.parse("2026-11-25T03:00:00Z"));
    assertThat(tenancy.backups().runDue()).extracting(Backup::tenant).containsExactly("acme", "plain");
    assertThat(plain.backups().list()).hasSize(1);
    assertThat(tenancy.backups().overview()).extracting(BackupStatus::health)
        .containsExactly(BackupStatus.Health.OK, BackupStatus.Health.OK);
  }

  @Test
  void aRegisteredTenantIsBackedUpOnItsSchedule() throws Exception {
    open(registered(TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD));
    Tenant acme = tenancy.create("acme").plan("every10").apply();
    server.adminCall("SET", "k", "v");
    assertThat(tenancy.backups().runDue()).isEmpty();

    clock.advance(Duration.ofMinutes(10));
    assertThat(tenancy.backups().runDue()).extracting(Backup::tenant).containsExactly("acme");
    assertThat(acme.backups().list()).singleElement().extracting(Backup::keys).isEqualTo(1L);
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_DONE,
        EVENT_BOUND)).as("BACKUP_DONE for acme").isTrue();
  }

  /** A real fault: the registration's admin user may not run SYNC, so no snapshot can be received. */
  @Test
  void aRegisteredTenantWhoseBackupCannotBeMadeFailsThenGoesStale() throws Exception {
    server.adminCall("ACL", "SETUSER", "nosync", "on", ">nosync-secret", "~*", "&*", "+@all", "-sync", "-psync");
    open(registered("nosync", "nosync-secret"));
    tenancy.create("acme").plan("every10").apply();

    clock.advance(Duration.ofMinutes(10));
    assertThat(tenancy.backups().runDue()).isEmpty();
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_FAILED
        && e.detail().contains("+sync +psync"), EVENT_BOUND)).as("BACKUP_FAILED saying why").isTrue();
    assertThat(tenancy.backups().overview()).singleElement().extracting(BackupStatus::health)
        .isEqualTo(BackupStatus.Health.FAILED);

    clock.advance(Duration.ofMinutes(11)); // over two periods since creation without a backup
    tenancy.backups().runDue();
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_STALE,
        EVENT_BOUND)).as("BACKUP_STALE for acme").isTrue();
  }

  /** A real fault: the shared server is down, so its tenant cannot be backed up. */
  @Test
  void aSharedTenantWhoseServerIsDownGoesStale() throws Exception {
    open(shared());
    tenancy.create("acme").plan("every10").apply();
    server.kill();

    clock.advance(Duration.ofMinutes(21));
    assertThat(tenancy.backups().runDue()).isEmpty();
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_STALE,
        EVENT_BOUND)).as("BACKUP_STALE for acme").isTrue();
  }

  /**
   * A backend with an administration of its own that offers no remote access (as one written outside this
   * repository may): its tenants' backups are refused saying why, and so are the scheduled ones, as events.
   */
  @Test
  void tenantsOfAnAdministrationWithoutRemoteAccessFailTheirScheduleSayingWhy() throws Exception {
    open(FaultyBackends.withoutRemoteAccess(shared()));
    Tenant acme = tenancy.create("acme").plan("every10").apply();
    assertThatThrownBy(() -> acme.backups().create()).isInstanceOf(BackupException.class)
        .hasMessageContaining("gives the library no remote access to its tenants' data");

    clock.advance(Duration.ofMinutes(10));
    assertThat(tenancy.backups().runDue()).isEmpty();
    assertThat(tenancy.backups().overview()).singleElement().extracting(BackupStatus::detail).asString()
        .contains("no remote access");
    clock.advance(Duration.ofMinutes(11));
    tenancy.backups().runDue();
    assertThat(listener.await(e -> e.tenant().equals("acme") && e.type() == TenancyEvent.Type.BACKUP_STALE,
        EVENT_BOUND)).as("BACKUP_STALE for acme").isTrue();
  }
}
