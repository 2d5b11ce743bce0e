package io.redistenancy.internal.engine;

import io.redistenancy.ClientAuth;
import io.redistenancy.Endpoint;
import io.redistenancy.Plan;
import io.redistenancy.internal.tls.HomeCertificates;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.internal.tls.TenantServerTrust;
import io.redistenancy.spi.TenantId;
import io.redistenancy.spi.TlsMaterial;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The engine's side of TLS: the material an instance needs (a server certificate from the tenant's own
 * server CA naming the tenant's own server name, and as the only CA for client certificates the tenant's
 * own client CA), and the TLS context of the library's own admin connections (trusting only the tenant's
 * server CA and accepting only a certificate with the tenant's server name, presenting the library's
 * client certificate for that tenant).
 *
 * <p>An instance set up before identities were per tenant (server certificate without the server name,
 * every tenant's client certificates trusted) is migrated: while that is pending, the instance also
 * trusts the home's CAs for clients and the admin connection presents the home-wide admin certificate,
 * so the library reaches the instance whichever of the two material sets it has loaded.
 */
final class TenantTls {
  private final HomeCertificates certificates;
  private final Map<TenantId, SSLContext> admin = new ConcurrentHashMap<>();

  TenantTls(HomeCertificates certificates) {
    this.certificates = certificates;
  }

  HomeCertificates certificates() {
    return certificates;
  }

  /** The TLS material of a tenant on {@code plan}, or null for a plaintext plan. */
  TlsMaterial material(TenantId id, Plan plan) {
    if (!plan.access().usesTls()) {
      return null;
    }
    boolean migrating = certificates.migrationPending(id); // before a legacy server certificate is replaced
    IssuedCertificate server = certificates.server(id);
    String clientCas = certificates.clientTrustBundle(id) + (migrating ? certificates.homeTrustBundle() : "");
    return new TlsMaterial(plan.access(), plan.clientAuth(), clientCas, server.certificatePem(), server.keyPem());
  }

  /**
   * Issues a new server certificate for a TLS tenant whose certificate has ended (or is not valid yet):
   * an instance must not start with one that every verifying client refuses; and finishes a pending
   * migration, since the instance starts with the new material anyway. Returns whether the material
   * changed.
   */
  boolean renewIfEnded(io.redistenancy.internal.state.TenantRecord record) {
    if (!record.effectivePlan().access().usesTls() || record.endpoints().isEmpty()) {
      return false;
    }
    TenantId id = record.id();
    java.time.Instant now = java.time.Instant.now(); // what clients check against, whatever the tenancy's clock says
    boolean valid = certificates.serverInfo(id)
        .map(c -> c.notAfter().isAfter(now) && !c.notBefore().isAfter(now)).orElse(false);
    if (!valid) {
      certificates.renewServer(id);
      certificates.leftHomeCa(id); // the instance starts with the new certificate
    }
    boolean migrated = certificates.migrationPending(id);
    if (migrated) {
      certificates.server(id);
      finishedMigration(id);
    }
    return !valid || migrated;
  }

  /** The instance serves the server certificate stored now: the library's connections trust only its CA. */
  void serverCertificateLoaded(TenantId id) {
    certificates.leftHomeCa(id);
  }

  /** The instance serves and trusts only the tenant's own material now. */
  void finishedMigration(TenantId id) {
    certificates.migrated(id);
    admin.remove(id);
  }

  /** The context for an admin connection to the tenant's {@code endpoint}: null when it is plaintext. */
  SSLContext adminContext(TenantId id, Endpoint endpoint) {
    return endpoint.isTls() ? admin.computeIfAbsent(id, this::newAdminContext) : null;
  }

  private SSLContext newAdminContext(TenantId id) {
    String name = certificates.serverName(id);
    if (certificates.migrationPending(id)) {
      return SslContexts.client(TenantServerTrust.migrating(() -> certificates.adminTrustBundle(id), name,
          id.value()), certificates.legacyAdmin());
    }
    return SslContexts.client(TenantServerTrust.of(() -> certificates.adminTrustBundle(id), name),
        certificates.admin(id));
  }

  /** Forgets the cached admin contexts: the CAs changed. */
  void trustChanged() {
    admin.clear();
  }

  /** Forgets a deleted tenant's certificates and admin context. */
  void forget(TenantId id) {
    admin.remove(id);
    certificates.forget(id);
  }

  /** The client certificate a tenant's applications present, where its plan asks for one. */
  Optional<IssuedCertificate> clientCertificate(TenantId id, Plan plan) {
    return plan.access().usesTls() && plan.clientAuth() != ClientAuth.NONE
        ? Optional.of(certificates.client(id)) : Optional.empty();
  }
}
