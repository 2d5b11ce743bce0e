package io.redistenancy.internal.engine;

import io.redistenancy.CertificateInfo;
import io.redistenancy.EventPayload;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.internal.state.TenantRecord;
import io.redistenancy.spi.InstanceState;
import io.redistenancy.spi.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A TLS tenant's certificates: what it serves, renewal, and reloading changed material live. */
final class CertificateOperations {
  private static final Set<String> TLS_FILES = Set.of("tls-cert-file", "tls-key-file", "tls-ca-cert-file");

  private final TenantOperations operations;

  CertificateOperations(TenantOperations operations) {
    this.operations = operations;
  }

  TenantOperations operations() {
    return operations;
  }

  Optional<CertificateInfo> certificate(TenantId id) {
    return operations.require(id).effectivePlan().access().usesTls()
        ? operations.tls().certificates().serverInfo(id) : Optional.empty();
  }

  CertificateInfo renew(TenantId id) {
    return operations.locks().with(id, () -> {
      TenantRecord record = operations.require(id);
      if (!record.effectivePlan().access().usesTls()) {
        throw new InvalidRequestException("Tenant '" + id + "' has access " + record.effectivePlan().access()
            + ": it has no certificate to renew");
      }
      boolean ended = operations.tls().certificates().serverInfo(id)
          .map(c -> !c.notAfter().isAfter(java.time.Instant.now())).orElse(false);
      operations.tls().certificates().renewServer(id);
      if (ended && operations.backend().state(id) == InstanceState.RUNNING) {
        // no verifying client (the library's admin connection included) accepts the instance any more:
        // a restart loads the new certificate
        operations.backend().reconfigure(operations.spec(record));
        operations.backend().stop(id);
        operations.startInstance(record);
        operations.tls().serverCertificateLoaded(id);
      } else {
        apply(record);
      }
      CertificateInfo info = operations.tls().certificates().serverInfo(id).orElseThrow();
      operations.events().emit(id.value(), new EventPayload.CertificateRenewed(info.serialNumber(), info.notAfter()));
      return info;
    });
  }

  /**
   * Brings a TLS tenant's certificates and trusted CAs up to date with the home's CA rotation (reissuing
   * what the current CAs did not issue, its server and client CAs following the home's step) and reloads them live.
   * False for a plaintext tenant.
   */
  boolean refresh(TenantId id) {
    return operations.locks().with(id, () -> {
      TenantRecord record = operations.require(id);
      if (!record.effectivePlan().access().usesTls()) {
        return false;
      }
      operations.tls().certificates().alignTenantCas(id);
      operations.tls().clientCertificate(id, record.effectivePlan());
      apply(record);
      return true;
    });
  }

  /**
   * Gives a tenant set up before identities were per tenant its own server name and client CA, live; its
   * applications need the new client certificate (mutual TLS) from {@code connection()} or the handover.
   * False when there is nothing to migrate.
   */
  boolean migrate(TenantId id) {
    return operations.locks().with(id, () -> {
      TenantRecord record = operations.require(id);
      if (!record.effectivePlan().access().usesTls() || !operations.tls().certificates().migrationPending(id)) {
        return false;
      }
      apply(record);
      operations.events().emit(id.value(),
          new EventPayload.CertificateMigrated(operations.tls().certificates().serverName(id)));
      return true;
    });
  }

  /**
   * Reloads the tenant's material; a pending migration takes two reloads: first the new material while
   * the instance still trusts the home's CAs too (the library reaches it with either), then without them.
   */
  private void apply(TenantRecord record) {
    boolean migrating = operations.tls().certificates().migrationPending(record.id());
    reload(record);
    operations.tls().serverCertificateLoaded(record.id());
    if (migrating) {
      operations.tls().finishedMigration(record.id());
      reload(record);
    }
  }

  /**
   * Hands the tenant's current TLS material to the backend and, if the instance runs, makes it reload
   * it: Redis 7 rereads the files on {@code CONFIG SET} of the tls-* paths, even to the same value.
   */
  private void reload(TenantRecord record) {
    operations.backend().reconfigure(operations.spec(record));
    if (operations.backend().state(record.id()) != InstanceState.RUNNING) {
      return;
    }
    operations.admin(record, conn -> {
      @SuppressWarnings("unchecked")
      List<Object> current = (List<Object>) conn.call("CONFIG", "GET", "tls-*-file");
      List<String> set = new ArrayList<>(List.of("CONFIG", "SET"));
      for (int i = 0; i + 1 < current.size(); i += 2) {
        String name = current.get(i).toString();
        if (TLS_FILES.contains(name)) {
          set.add(name);
          set.add(current.get(i + 1).toString());
        }
      }
      return conn.call(set.toArray(String[]::new));
    });
  }
}
