package io.redistenancy.internal.engine;

import io.redistenancy.ClientAuth;
import io.redistenancy.Endpoint;
import io.redistenancy.Plan;
import io.redistenancy.internal.tls.HomeCertificates;
import io.redistenancy.internal.tls.IssuedCertificate;
import io.redistenancy.internal.tls.Pem;
import io.redistenancy.internal.tls.SslContexts;
import io.redistenancy.spi.TenantId;
import io.redistenancy.spi.TlsMaterial;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The engine's side of TLS: the material an instance needs (from the home's CA), and the TLS context
 * of the library's own admin connections (trusting the home's CAs, presenting the admin client
 * certificate, which mutual-TLS instances ask for).
 */
final class TenantTls {
  private final HomeCertificates certificates;
  private volatile SSLContext admin;

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
    IssuedCertificate server = certificates.server(id);
    return new TlsMaterial(plan.access(), plan.clientAuth(), certificates.trustBundle(), server.certificatePem(),
        server.keyPem());
  }

  /**
   * Issues a new server certificate for a TLS tenant whose certificate has ended (or is not valid yet):
   * an instance must not start with one that every verifying client refuses. Returns whether it did.
   */
  boolean renewIfEnded(io.redistenancy.internal.state.TenantRecord record) {
    if (!record.effectivePlan().access().usesTls() || record.endpoints().isEmpty()) {
      return false;
    }
    java.time.Instant now = java.time.Instant.now(); // what clients check against, whatever the tenancy's clock says
    boolean valid = certificates.serverInfo(record.id())
        .map(c -> c.notAfter().isAfter(now) && !c.notBefore().isAfter(now)).orElse(false);
    if (!valid) {
      certificates.renewServer(record.id());
    }
    return !valid;
  }

  /** The context for an admin connection to {@code endpoint}: null when it is plaintext. */
  SSLContext adminContext(Endpoint endpoint) {
    if (!endpoint.isTls()) {
      return null;
    }
    SSLContext context = admin;
    if (context == null) {
      context = SslContexts.client(Pem.parseCertificates(certificates.trustBundle()), certificates.admin());
      admin = context;
    }
    return context;
  }

  /** Forgets the cached admin context: the trusted CAs changed. */
  void trustChanged() {
    admin = null;
  }

  /** The client certificate a tenant's applications present, where its plan asks for one. */
  Optional<IssuedCertificate> clientCertificate(TenantId id, Plan plan) {
    return plan.access().usesTls() && plan.clientAuth() != ClientAuth.NONE
        ? Optional.of(certificates.client(id)) : Optional.empty();
  }
}
