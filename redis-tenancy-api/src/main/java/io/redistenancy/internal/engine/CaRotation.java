package io.redistenancy.internal.engine;

import io.redistenancy.CaRotationStep;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RenewalReport;
import io.redistenancy.internal.tls.HomeCertificates;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Runs one step of a CA rotation ({@link CaRotationStep}): changes the home's CAs, then brings every
 * TLS tenant up to date, live. A tenant that fails is reported; running the same step again retries
 * the tenants (the CA change itself is done once).
 */
final class CaRotation {
  private final TenantOperations operations;
  private final CertificateOperations certificateOperations;

  CaRotation(CertificateOperations certificateOperations) {
    this.certificateOperations = certificateOperations;
    this.operations = certificateOperations.operations();
  }

  RenewalReport run(CaRotationStep step, Consumer<RenewalReport.Progress> progress) {
    long start = System.nanoTime();
    HomeCertificates certificates = operations.tls().certificates();
    CaRotationStep expected = certificates.nextCaRotationStep();
    if (step != expected && !retry(step, expected)) {
      throw new InvalidRequestException("CA rotation step " + step + " cannot run now; the next step is " + expected);
    }
    if (step == expected) {
      switch (step) {
        case TRUST_NEW -> certificates.createNextCa();
        case ISSUE_FROM_NEW -> certificates.promoteNextCa();
        case DROP_OLD -> certificates.dropPreviousCa();
      }
      operations.tls().trustChanged();
    }
    RenewalReport report = FleetPass.run(operations.ids(), certificateOperations::refresh, progress);
    return new RenewalReport(report.renewed(), report.unchanged(), report.failed(),
        Duration.ofNanos(System.nanoTime() - start)); // the CA change included
  }

  /** Running the step just done again brings the tenants that failed up to date. */
  private static boolean retry(CaRotationStep step, CaRotationStep expected) {
    return switch (step) {
      case TRUST_NEW -> expected == CaRotationStep.ISSUE_FROM_NEW;
      case ISSUE_FROM_NEW -> expected == CaRotationStep.DROP_OLD;
      case DROP_OLD -> expected == CaRotationStep.TRUST_NEW;
    };
  }
}
