package io.redistenancy;

import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.Pem;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
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
  private final String clientCertificatePem;
  private final String clientKeyPem;

  private ServerTls(String caPem, boolean verifyHostName, String clientCertificatePem, String clientKeyPem) {
    this.caPem = caPem;
    this.verifyHostName = verifyHostName;
    this.clientCertificatePem = clientCertificatePem;
    this.clientKeyPem = clientKeyPem;
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
    return new ServerTls(caPem, true, null, null);
  }

  /** Trusts the CAs the JVM trusts by default (its {@code cacerts}), as for a managed service. */
  public static ServerTls defaultTrust() {
    return new ServerTls(null, true, null, null);
  }

  /**
   * Whether the server's certificate must name the registered host (default true: Lettuce's
   * {@code verifyPeer} FULL). False still verifies the chain ({@code verifyPeer} CA): for a server
   * whose certificate does not carry the address it is reached by.
   */
  public ServerTls verifyHostName(boolean verify) {
    return new ServerTls(caPem, verify, clientCertificatePem, clientKeyPem);
  }

  /**
   * Presents this client certificate (PEM, first block the client's own) with its PKCS#8 EC or RSA
   * key (PEM) to a server that requires mutual TLS: the library's connections and the tenant's
   * clients ({@code redisUri()} with {@code sslOptions()}, and the handover's files) all present it.
   * The key is a secret: never logged, left out of {@link #toString()}.
   *
   * @throws InvalidRequestException if either is not valid PEM, or the key does not belong to the certificate
   */
  public ServerTls clientCertificate(String certificatePem, String keyPem) {
    Objects.requireNonNull(certificatePem, "certificatePem");
    Objects.requireNonNull(keyPem, "keyPem");
    X509Certificate certificate;
    PrivateKey key;
    try {
      List<X509Certificate> chain = Pem.parseCertificates(certificatePem);
      if (chain.isEmpty()) {
        throw new InvalidRequestException("certificatePem holds no PEM certificate: expected a "
            + "'-----BEGIN CERTIFICATE-----' block");
      }
      certificate = chain.get(0);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("certificatePem is not a valid PEM certificate: " + e.getMessage());
    }
    try {
      key = Pem.parseEcOrRsaPrivateKey(keyPem);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("keyPem is not a valid client key: " + e.getMessage());
    }
    if (!CertificateAuthority.keyMatches(certificate, key)) {
      throw new InvalidRequestException("keyPem is not the key of the client certificate "
          + certificate.getSubjectX500Principal().getName());
    }
    return new ServerTls(caPem, verifyHostName, certificatePem, keyPem);
  }

  /** The trusted CAs (PEM); empty for the JVM's default trust. */
  public Optional<String> caPem() {
    return Optional.ofNullable(caPem);
  }

  public boolean verifiesHostName() {
    return verifyHostName;
  }

  /** The client certificate presented for mutual TLS (PEM), if any. */
  public Optional<String> clientCertificatePem() {
    return Optional.ofNullable(clientCertificatePem);
  }

  /** Its PKCS#8 key (PEM): a secret. */
  public Optional<String> clientKeyPem() {
    return Optional.ofNullable(clientKeyPem);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerTls t && Objects.equals(caPem, t.caPem) && verifyHostName == t.verifyHostName
        && Objects.equals(clientCertificatePem, t.clientCertificatePem) && Objects.equals(clientKeyPem, t.clientKeyPem);
  }

  @Override
  public int hashCode() {
    return Objects.hash(caPem, verifyHostName, clientCertificatePem);
  }

  @Override
  public String toString() {
    return "ServerTls{" + (caPem == null ? "JVM default trust" : "trusting the given CA")
        + (verifyHostName ? "" : ", host name not checked")
        + (clientCertificatePem == null ? "" : ", client certificate, key ****") + "}";
  }
}
