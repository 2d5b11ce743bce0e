package io.redistenancy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a certificate says, without its key.
 *
 * @param subject the distinguished name
 * @param serialNumber hex
 * @param notBefore start of validity
 * @param notAfter end of validity
 * @param sha256Fingerprint hex SHA-256 of the DER encoding
 * @param subjectAlternativeNames DNS names and IP addresses, as {@code DNS:name} and {@code IP:addr}
 */
public record CertificateInfo(String subject, String serialNumber, Instant notBefore, Instant notAfter,
    String sha256Fingerprint, List<String> subjectAlternativeNames) {
  public CertificateInfo {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint");
    subjectAlternativeNames = List.copyOf(subjectAlternativeNames);
  }

  /** Time left at {@code now}; negative once expired. */
  public Duration remaining(Instant now) {
    return Duration.between(now, notAfter);
  }

  /** Whether the certificate ends within {@code window} of {@code now} (or has ended). */
  public boolean expiresWithin(Duration window, Instant now) {
    return !notAfter.isAfter(now.plus(window));
  }
}
