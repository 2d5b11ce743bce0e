package io.redistenancy.internal.engine;

import io.redistenancy.CertificateInfo;
import io.redistenancy.RenewalReport;
import io.redistenancy.TenancyEvent.Type;
import io.redistenancy.spi.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The fleet's server certificates: a {@code CERTIFICATE_EXPIRING} event when one comes within a
 * warning period (once per certificate and period while the tenancy is open, the most urgent period
 * only), and renewal of every certificate ending within a window, with progress and a report.
 */
final class CertificateWatch {
  private final TenantOperations operations;
  private final CertificateOperations certificates;
  private final List<Duration> warnings;
  private final Clock clock;
  /** "tenant serial period" already warned about. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  CertificateWatch(CertificateOperations certificates, List<Duration> warnings, Clock clock) {
    this.certificates = certificates;
    this.operations = certificates.operations();
    this.warnings = warnings.stream().sorted().toList(); // shortest first: the most urgent period wins
    this.clock = clock;
  }

  void check() {
    Instant now = clock.instant();
    for (TenantId id : operations.ids()) {
      certificate(id).ifPresent(cert -> warnings.stream().filter(w -> cert.expiresWithin(w, now)).findFirst()
          .filter(w -> warned.add(id + " " + cert.serialNumber() + " " + w))
          .ifPresent(w -> operations.events().emit(Type.CERTIFICATE_EXPIRING, id.value(), "the server certificate "
              + (cert.notAfter().isAfter(now) ? "ends in " + cert.remaining(now).toDays() + " days" : "has ended")
              + ", at " + cert.notAfter() + " (warning period " + w.toDays() + " days); renew it")));
    }
  }

  /** Renews every server certificate ending within {@code window}; one tenant's failure does not stop the rest. */
  RenewalReport renewExpiring(Duration window, Consumer<RenewalReport.Progress> progress) {
    long start = System.nanoTime();
    Instant now = clock.instant();
    List<TenantId> ids = operations.ids();
    List<String> renewed = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    int done = 0;
    for (TenantId id : ids) {
      String problem = null;
      boolean due = false;
      try {
        due = certificate(id).map(c -> c.expiresWithin(window, now)).orElse(false);
        if (due) {
          certificates.renew(id);
          renewed.add(id.value());
        } else {
          unchanged.add(id.value());
        }
      } catch (RuntimeException e) {
        problem = e.getMessage();
        failed.put(id.value(), problem);
      }
      progress.accept(new RenewalReport.Progress(id.value(), ++done, ids.size(), due && problem == null, problem));
    }
    return new RenewalReport(renewed, unchanged, failed, Duration.ofNanos(System.nanoTime() - start));
  }

  private Optional<CertificateInfo> certificate(TenantId id) {
    try {
      return certificates.certificate(id);
    } catch (io.redistenancy.TenantNotFoundException e) {
      return Optional.empty(); // deleted meanwhile
    }
  }

}
