package io.redistenancy.local;

import static io.redistenancy.contract.TenantData.change;
import static io.redistenancy.contract.TenantData.contents;
import static io.redistenancy.contract.TenantData.fill;
import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.ClientAuth;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Persistence;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.TenantData;
import io.redistenancy.contract.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backups of TLS_ONLY tenants on the local backend: the snapshot stream and the restore's admin
 * commands go over real TLS handshakes (the instance has no plaintext listener at all).
 */
class TlsBackupIT {
  private static final int FIRST_PORT = 46200;
  private static final int LAST_PORT = 46219;

  private Path home;
  private RedisTenancy tenancy;

  @BeforeEach
  void open() throws Exception {
    home = Files.createTempDirectory(Path.of("/tmp"), "rt-tlsbk-");
    tenancy = RedisTenancy.builder().home(home)
        .backend(Backends.local().tcpPorts(FIRST_PORT, LAST_PORT)).build();
  }

  @AfterEach
  void close() {
    tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
    tenancy.close();
    TestFiles.deleteQuietly(home);
  }

  @Test
  void aTlsOnlyTenantIsBackedUpChangedAndRestored() {
    roundTrip(tenancy.create("acme").access(Access.TLS_ONLY).apply());
  }

  /** Mutual TLS and an AOF: the snapshot and the AOF rebuild after the restore use the admin's client certificate. */
  @Test
  void aMutualTlsTenantWithAnAppendOnlyFileIsBackedUpAndRestored() {
    roundTrip(tenancy.create("bank").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED)
        .persistence(Persistence.AOF_EVERYSEC).apply());
  }

  private void roundTrip(Tenant tenant) {
    assertThat(tenant.connection().endpoints()).allMatch(Endpoint::isTls);
    fill(tenant, "backed-up");
    Map<String, String> backedUp = contents(tenant);

    Backup backup = tenant.backups().create();
    assertThat(backup.keys()).isEqualTo(TenantData.KEYS);
    assertThat(tenant.backups().verify(backup).valid()).isTrue();

    change(tenant);
    assertThat(contents(tenant)).isNotEqualTo(backedUp);

    tenant.backups().restore(backup);
    assertThat(contents(tenant)).isEqualTo(backedUp);
  }
}
