package io.redistenancy.internal.engine;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.CertificateInfo;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Handover;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.OpenConnections;
import io.redistenancy.Plan;
import io.redistenancy.Reconfiguration;
import io.redistenancy.Tenant;
import io.redistenancy.TenantBackups;
import io.redistenancy.TenantStatus;
import io.redistenancy.internal.audit.AuditOperation;
import io.redistenancy.internal.audit.AuditParameters;
import io.redistenancy.spi.TenantId;
import io.redistenancy.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A handle on one tenant: holds only its name and reads the current record on every call. */
final class EngineTenant implements Tenant {
  private final TenancyEngine engine;
  private final TenantId id;

  EngineTenant(TenancyEngine engine, TenantId id) {
    this.engine = engine;
    this.id = id;
  }

  @Override
  public String name() {
    return id.value();
  }

  @Override
  public Plan plan() {
    return engine.operations().require(id).effectivePlan();
  }

  @Override
  public TenantStatus status() {
    return engine.operations().status(id);
  }

  @Override
  public void start() {
    audited(AuditOperation.TENANT_START, AuditParameters.none(), () -> engine.operations().start(id));
  }

  @Override
  public void stop() {
    audited(AuditOperation.TENANT_STOP, AuditParameters.none(), () -> engine.operations().stop(id));
  }

  @Override
  public void restart() {
    audited(AuditOperation.TENANT_RESTART, AuditParameters.none(), () -> {
      engine.operations().stop(id);
      engine.operations().start(id);
    });
  }

  @Override
  public void resize(MemorySize maxMemory) {
    Objects.requireNonNull(maxMemory, "maxMemory");
    audited(AuditOperation.TENANT_RESIZE, AuditParameters.none().size("maxMemory", maxMemory), () -> {
      engine.memoryCeiling().check(maxMemory, "Tenant '" + id + "' was not resized.");
      TenantReconfiguration change = new TenantReconfiguration(engine, id);
      change.maxMemory(maxMemory);
      change.applyUnaudited();
    });
  }

  @Override
  public void keyspaceEvents(KeyspaceEvents keyspaceEvents) {
    Objects.requireNonNull(keyspaceEvents, "keyspaceEvents");
    audited(AuditOperation.TENANT_KEYSPACE_EVENTS, AuditParameters.none().keyspaceEvents("keyspaceEvents", keyspaceEvents),
        () -> {
          engine.operations().requireOwnConfiguration(keyspaceEvents, "Tenant '" + id + "' was not changed.");
          TenantReconfiguration change = new TenantReconfiguration(engine, id);
          change.keyspaceEvents(keyspaceEvents);
          change.applyUnaudited();
        });
  }

  @Override
  public Reconfiguration reconfigure() {
    engine.operations().require(id);
    return new TenantReconfiguration(engine, id);
  }

  @Override
  public void reset() {
    audited(AuditOperation.TENANT_RESET, AuditParameters.none(), () -> engine.operations().reset(id));
  }

  @Override
  public void delete(Deletion deletion) {
    Objects.requireNonNull(deletion, "deletion");
    audited(AuditOperation.TENANT_DELETE, AuditParameters.none().choice("deletion", deletion),
        () -> engine.operations().delete(id, deletion));
  }

  @Override
  public ConnectionInfo connection() {
    return engine.operations().connection(id);
  }

  @Override
  public StatefulRedisConnection<String, String> connect() {
    ConnectionInfo info = connection();
    // on a shared server the tenant may only touch its own prefix: apply it, as an application would
    RedisCodec<String, String> codec = info.keyPrefix().isEmpty() ? StringCodec.UTF8 : KeyPrefixCodec.of(info);
    // reconnects use the password and TLS material current then: a rotation never strands this connection
    return engine.clients().connect(codec, this::connection);
  }

  @Override
  public Handover handover() {
    return new HandoverFiles(connection());
  }

  @Override
  public Optional<CertificateInfo> certificate() {
    return engine.certificateOperations().certificate(id);
  }

  @Override
  public CertificateInfo renewCertificate() {
    return engine.audited().call(AuditOperation.CERTIFICATE_RENEW, id, AuditParameters.none(),
        () -> engine.certificateOperations().renew(id));
  }

  @Override
  public Instant rotatePassword(Duration grace) {
    return rotatePassword(grace, OpenConnections.KEEP);
  }

  @Override
  public Instant rotatePassword(Duration grace, OpenConnections atGraceEnd) {
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(atGraceEnd, "atGraceEnd");
    if (grace.isNegative()) {
      throw new InvalidRequestException("grace " + grace + " is negative; use Duration.ZERO to end the old password at once");
    }
    return engine.audited().call(AuditOperation.PASSWORD_ROTATE, id,
        AuditParameters.none().duration("grace", grace).choice("atGraceEnd", atGraceEnd), () -> {
          Instant until = engine.passwords().rotate(id, grace, atGraceEnd == OpenConnections.DISCONNECT);
          engine.housekeeping().retireAt(id, until);
          return until;
        });
  }

  @Override
  public void finishPasswordRotation() {
    audited(AuditOperation.PASSWORD_FINISH_ROTATION, AuditParameters.none(), () -> engine.passwords().retire(id, true));
  }

  @Override
  public TenantBackups backups() {
    return new EngineTenantBackups(engine, id);
  }

  private void audited(AuditOperation operation, AuditParameters parameters, Runnable action) {
    engine.audited().run(operation, id, parameters, action);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EngineTenant t && t.engine == engine && t.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Tenant{" + id + "}";
  }
}
