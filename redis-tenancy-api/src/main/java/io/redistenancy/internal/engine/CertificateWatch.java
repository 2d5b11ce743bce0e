package io.redistenancy.internal.engine;

import io.redistenancy.CertificateInfo;
import io.redistenancy.EventPayload;
import io.redistenancy.RenewalReport;
import io.redistenancy.internal.tls.HomeCertificates;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fleet's server certificates: a {@code CERTIFICATE_EXPIRING} event when one comes within a
 * warning period (once per certificate and period, remembered across reopens; the most urgent period
 * only), migration of tenants set up before identities were per tenant (at once on open), and renewal of every certificate ending within a window, with progress and a report.
 */
final class CertificateWatch {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CertificateWatch.class);
  private final TenantOperations operations;
  private final CertificateOperations certificates;
  private final List<Duration> warnings;
  private final Clock clock;
  /** Remembers the warnings given, across reopens. */
  private final HomeCertificates home;

  CertificateWatch(CertificateOperations certificates, List<Duration> warnings, Clock clock) {
    this.certificates = certificates;
    this.operations = certificates.operations();
    this.home = operations.tls().certificates();
    this.warnings = warnings.stream().sorted().toList(); // shortest first: the most urgent period wins
    this.clock = clock;
  }

  void check() {
    migrateLegacy();
    Instant now = clock.instant();
    for (TenantId id : operations.ids()) {
      certificate(id).ifPresent(cert -> warnings.stream().filter(w -> cert.expiresWithin(w, now)).findFirst()
          .filter(w -> home.firstExpiryWarning(id, cert.serialNumber(), w))
          .ifPresent(w -> operations.events().emit(id.value(),
              new EventPayload.CertificateExpiring(cert.notAfter(), cert.remaining(now), w))));
    }
  }

  /**
   * Migrates the TLS tenants set up before identities were per tenant (live where the instance runs); one
   * tenant's failure does not stop the rest, the next check retries it.
   */
  private void migrateLegacy() {
    for (TenantId id : operations.ids()) {
      try {
        certificates.migrate(id);
      } catch (io.redistenancy.TenantNotFoundException e) {
        // deleted meanwhile
      } catch (RuntimeException e) {
        LOG.warn("Migrating the TLS identity of tenant {} failed: {}", id, e.getMessage());
      }
    }
  }

  /** Renews every server certificate ending within {@code window}; one tenant's failure does not stop the rest. */
  RenewalReport renewExpiring(Duration window, Consumer<RenewalReport.Progress> progress) {
    Instant now = clock.instant();
    return FleetPass.run(operations.ids(), id -> {
      boolean due = certificate(id).map(c -> c.expiresWithin(window, now)).orElse(false);
      if (due) {
        certificates.renew(id);
      }
      return due;
    }, progress);
  }

  private Optional<CertificateInfo> certificate(TenantId id) {
    try {
      return certificates.certificate(id);
    } catch (io.redistenancy.TenantNotFoundException e) {
      return Optional.empty(); // deleted meanwhile
    }
  }

}
