package io.redistenancy;

import io.redistenancy.internal.tls.Pem;
import java.util.Objects;
import java.util.Optional;

/**
 * How the library and the tenant's clients reach a registered server that speaks TLS itself (its
 * certificates are its own, not the home CA's): which CAs to trust, and whether the certificate must
 * name the host registered. The chain is always verified: there is no "trust anything" mode.
 *
 * <pre>{@code
 * Backends.registeredServers()
 *     .register("acme", "redis.example.com", 6380, "ops", opsPassword, ServerTls.trusting(caPem));
 * }</pre>
 */
public final class ServerTls {
  private final String caPem;
  private final boolean verifyHostName;

  private ServerTls(String caPem, boolean verifyHostName) {
    this.caPem = caPem;
    this.verifyHostName = verifyHostName;
  }

  /**
   * Trusts only the CAs in {@code caPem} (one or more PEM {@code CERTIFICATE} blocks).
   *
   * @throws InvalidRequestException if {@code caPem} holds no certificate
   */
  public static ServerTls trusting(String caPem) {
    Objects.requireNonNull(caPem, "caPem");
    try {
      if (Pem.parseCertificates(caPem).isEmpty()) {
        throw new InvalidRequestException("caPem holds no PEM certificate: expected one or more "
            + "'-----BEGIN CERTIFICATE-----' blocks");
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("caPem is not a valid PEM certificate: " + e.getMessage());
    }
    return new ServerTls(caPem, true);
  }

  /** Trusts the CAs the JVM trusts by default (its {@code cacerts}), as for a managed service. */
  public static ServerTls defaultTrust() {
    return new ServerTls(null, true);
  }

  /**
   * Whether the server's certificate must name the registered host (default true: Lettuce's
   * {@code verifyPeer} FULL). False still verifies the chain ({@code verifyPeer} CA): for a server
   * whose certificate does not carry the address it is reached by.
   */
  public ServerTls verifyHostName(boolean verify) {
    return new ServerTls(caPem, verify);
  }

  /** The trusted CAs (PEM); empty for the JVM's default trust. */
  public Optional<String> caPem() {
    return Optional.ofNullable(caPem);
  }

  public boolean verifiesHostName() {
    return verifyHostName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerTls t && Objects.equals(caPem, t.caPem) && verifyHostName == t.verifyHostName;
  }

  @Override
  public int hashCode() {
    return Objects.hash(caPem, verifyHostName);
  }

  @Override
  public String toString() {
    return "ServerTls{" + (caPem == null ? "JVM default trust" : "trusting the given CA")
        + (verifyHostName ? "" : ", host name not checked") + "}";
  }
}
