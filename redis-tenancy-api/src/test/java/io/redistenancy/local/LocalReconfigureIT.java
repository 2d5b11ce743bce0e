package io.redistenancy.local;

import io.redistenancy.Backends;
import io.redistenancy.Tenant;
import io.redistenancy.contract.ReconfigureContract;
import io.redistenancy.contract.TestPorts;
import io.redistenancy.spi.BackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The reconfiguration contract on the local backend, with TCP ports for the access changes. */
class LocalReconfigureIT extends ReconfigureContract {
  private static final int PORTS = 30;

  @Override
  protected BackendFactory backend() {
    int first = TestPorts.freeRange(PORTS);
    return Backends.local().tcpPorts(first, first + PORTS - 1);
  }

  /** A plain file where Redis creates its AOF directory: it refuses {@code appendonly yes} (even as root). */
  @Override
  protected void blockAof(Tenant tenant) throws IOException {
    Files.writeString(aofDirectory(tenant), "in the way");
  }

  @Override
  protected void unblockAof(Tenant tenant) throws IOException {
    Path path = aofDirectory(tenant);
    if (Files.isRegularFile(path)) {
      Files.delete(path);
    }
  }

  private Path aofDirectory(Tenant tenant) {
    return home.resolve("home/instances/tenants").resolve(tenant.name()).resolve("data/appendonlydir");
  }
}
