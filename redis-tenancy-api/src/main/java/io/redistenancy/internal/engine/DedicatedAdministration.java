package io.redistenancy.internal.engine;

import io.redistenancy.TenantStatus;
import io.redistenancy.internal.redis.InfoParser;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantAdministration;
import java.util.ArrayList;
import java.util.List;

/**
 * The administration of tenants with a dedicated instance, the default for every backend that gives
 * none: the library's admin user runs the commands on the tenant's own instance, which no other tenant
 * shares. Backups of these tenants read the instance's files' content ({@link InstanceFiles}), not a
 * {@link io.redistenancy.spi.RemoteAccess}.
 */
final class DedicatedAdministration implements TenantAdministration {
  private final TenantOperations ops;

  DedicatedAdministration(TenantOperations ops) {
    this.ops = ops;
  }

  @Override
  public TenantStatus status(InstanceSpec spec) {
    // "default": every field a status reads, without the per-command tables "everything" adds (fleet calls read many)
    String info = ops.admin(ops.require(spec.id()), conn -> conn.callString("INFO", "default"));
    return InfoParser.parse(spec.id().value(), info);
  }

  @Override
  public void applyLive(InstanceSpec spec) {
    ops.admin(ops.require(spec.id()), conn -> {
      for (String[] command : LiveSettings.all(spec.plan())) {
        conn.call(command);
      }
      return null;
    });
  }

  @Override
  public void reset(InstanceSpec spec) {
    ops.admin(ops.require(spec.id()), conn -> {
      conn.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
      conn.call("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
      conn.call("FLUSHALL", "SYNC");
      conn.call("SCRIPT", "FLUSH", "SYNC");
      conn.call("FUNCTION", "FLUSH", "SYNC");
      for (String[] command : LiveSettings.all(spec.plan())) {
        conn.call(command);
      }
      return conn.call("CONFIG", "RESETSTAT");
    });
  }

  /** The instance is the tenant's own: its server-wide settings follow the plan. */
  @Override
  public boolean ownsServerConfiguration() {
    return true;
  }

  /**
   * The backend rendered the ACL file for later starts; a running instance gets the tenant user's
   * passwords replaced in one command ({@code resetpass} then every hash), which disconnects no one.
   */
  @Override
  public void applyCredentials(InstanceSpec spec) {
    if (ops.backend().state(spec.id()) != InstanceState.RUNNING) {
      return;
    }
    for (AclUser user : spec.users()) {
      if (user.role() == AclUser.Role.TENANT) {
        List<String> command = new ArrayList<>(List.of("ACL", "SETUSER", user.name(), "resetpass"));
        user.passwordHashes().forEach(h -> command.add("#" + h));
        ops.admin(ops.require(spec.id()), conn -> conn.call(command.toArray(String[]::new)));
      }
    }
  }

  @Override
  public boolean closesConnections() {
    return true;
  }

  /**
   * Redis keeps a connection authenticated with a password it no longer accepts: closing them makes
   * clients holding the current password reconnect, those with a retired one cannot. An instance that
   * is not running has none.
   */
  @Override
  public void closeConnections(InstanceSpec spec) {
    if (ops.backend().state(spec.id()) == InstanceState.RUNNING) {
      TenantRecord record = ops.require(spec.id());
      ops.admin(record, conn -> conn.call("CLIENT", "KILL", "USER", record.name()));
    }
  }
}
