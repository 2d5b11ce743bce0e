package io.redistenancy;

import io.redistenancy.internal.Names;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the home's local CA issues certificates for TLS tenants ({@link Access}). Immutable; each
 * setter returns a changed copy.
 *
 * @param caValidity how long a new CA is valid (default 10 years)
 * @param serverValidity how long server and client certificates are valid (default 1 year)
 * @param serverNames host names and IP addresses clients use besides localhost, 127.0.0.1 and ::1
 * @param expiryWarnings how long before a certificate ends an {@code CERTIFICATE_EXPIRING} event is
 *     sent, once per threshold (default 30 and 7 days)
 */
public record TlsOptions(Duration caValidity, Duration serverValidity, List<String> serverNames,
    List<Duration> expiryWarnings) {
  private static final java.util.regex.Pattern HOST = java.util.regex.Pattern.compile("[A-Za-z0-9.:*-]{1,253}");

  public TlsOptions {
    requirePositive("caValidity", caValidity);
    requirePositive("serverValidity", serverValidity);
    serverNames = List.copyOf(serverNames);
    for (String name : serverNames) {
      if (!HOST.matcher(name).matches()) {
        throw new InvalidRequestException("Server name '" + Names.masked(name)
            + "' is not a host name or IP address (letters, digits, '.', '-', ':' and '*' only)");
      }
    }
    expiryWarnings = List.copyOf(expiryWarnings);
    expiryWarnings.forEach(w -> requirePositive("expiryWarnings", w));
  }

  /** 10-year CA, 1-year certificates, no extra names, warnings at 30 and 7 days. */
  public static TlsOptions defaults() {
    return new TlsOptions(Duration.ofDays(3650), Duration.ofDays(365), List.of(),
        List.of(Duration.ofDays(30), Duration.ofDays(7)));
  }

  public TlsOptions caValidity(Duration caValidity) {
    return new TlsOptions(caValidity, serverValidity, serverNames, expiryWarnings);
  }

  public TlsOptions serverValidity(Duration serverValidity) {
    return new TlsOptions(caValidity, serverValidity, serverNames, expiryWarnings);
  }

  public TlsOptions serverNames(List<String> serverNames) {
    return new TlsOptions(caValidity, serverValidity, serverNames, expiryWarnings);
  }

  public TlsOptions expiryWarnings(List<Duration> expiryWarnings) {
    return new TlsOptions(caValidity, serverValidity, serverNames, expiryWarnings);
  }

  private static void requirePositive(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(what + " " + value + " must be positive");
    }
  }
}
