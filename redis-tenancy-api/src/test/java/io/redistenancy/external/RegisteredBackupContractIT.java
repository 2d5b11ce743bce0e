package io.redistenancy.external;

import io.redistenancy.Backends;
import io.redistenancy.contract.BackupContract;
import io.redistenancy.spi.BackendFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The backup contract on registered servers: real redis-servers the test starts act as the registered
 * servers of {@code acme} and of the clone {@code acme-copy}.
 */
class RegisteredBackupContractIT extends BackupContract {
  private static Path root;
  private static TestRedis acme;
  private static TestRedis copy;

  @BeforeAll
  static void servers() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "rt-regbk-");
    acme = TestRedis.start(root);
    copy = TestRedis.start(root);
  }

  @AfterAll
  static void stopServers() throws Exception {
    acme.close();
    copy.close();
    io.redistenancy.contract.TestFiles.deleteQuietly(root);
  }

  @Override
  protected BackendFactory backend() {
    if (tenancy == null) { // a test's first opening: deleting tenants only unregisters, so empty the servers here
      flush(acme);
      flush(copy);
    }
    return Backends.registeredServers()
        .register("acme", "127.0.0.1", acme.port(), TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD)
        .register("acme-copy", "127.0.0.1", copy.port(), TestRedis.ADMIN, TestRedis.ADMIN_PASSWORD);
  }

  private static void flush(TestRedis server) {
    try {
      server.adminCall("FLUSHALL");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected Optional<String> withoutDataAccessFaults() {
    return Optional.of("registered servers give no file access, so there are no InstanceDataAccess steps to fail;"
        + " RegisteredBackupIT fails a restore on the real server (maxmemory) and checks the rollback instead");
  }

  /** A registered server keeps its own persistence settings: restarting the tenant switches its user off and on. */
  @Override
  protected boolean appliesPersistence() {
    return false;
  }
}
