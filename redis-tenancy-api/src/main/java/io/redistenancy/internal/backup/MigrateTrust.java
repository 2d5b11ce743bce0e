package io.redistenancy.internal.backup;

import io.redistenancy.spi.ServerLogin;
import io.redistenancy.BackupException;
import io.redistenancy.ServerTls;
import io.redistenancy.internal.resp.Transport;
import io.redistenancy.internal.tls.Pem;
import io.redistenancy.internal.tls.SslContexts;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CAs a scratch server's {@code MIGRATE} to a TLS server may trust: the CAs the server was
 * registered with, or, for {@link ServerTls#defaultTrust()}, only the chain that server presents to
 * the library's own verified handshake (host name checked as registered) up to the one JVM-trusted CA
 * it leads to. Never the JVM's whole CA list: Redis does not check host names on its outgoing
 * connections, so any publicly trusted certificate would do for a man in the middle.
 */
public final class MigrateTrust {
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  private MigrateTrust() {}

  /** PEM of the CAs to trust for {@code login}'s server. */
  public static String caPem(ServerLogin login) {
    ServerTls tls = login.serverTls().orElseThrow();
    if (tls.caPem().isPresent()) {
      return tls.caPem().get();
    }
    List<X509Certificate> chain;
    try (Transport verified = Transport.open(login.endpoint(), HANDSHAKE_TIMEOUT, login.sslContext())) {
      chain = verified.peerCertificates();
    } catch (IOException e) {
      throw new BackupException("Cannot pin the certificate authority of " + login.endpoint() + " for the restore's"
          + " copy: its TLS handshake failed (" + e.getMessage() + "); nothing was changed", e);
    }
    X509Certificate top = chain.get(chain.size() - 1);
    Optional<X509Certificate> anchor = SslContexts.defaultTrustedCas().stream().filter(ca -> issued(top, ca))
        .findFirst();
    if (anchor.isEmpty()) {
      throw new BackupException("Cannot pin the certificate authority of " + login.endpoint() + ": its chain ends in '"
          + top.getIssuerX500Principal().getName() + "', which is not a single CA the JVM trusts; a restore's copy"
          + " will not trust the JVM's whole CA list instead. Register the server with ServerTls.trusting(caPem)."
          + " Nothing was changed.");
    }
    List<X509Certificate> pinned = new ArrayList<>(chain.subList(1, chain.size()));
    if (!pinned.contains(anchor.get())) {
      pinned.add(anchor.get());
    }
    return Pem.certificates(pinned);
  }

  private static boolean issued(X509Certificate certificate, X509Certificate ca) {
    if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      return false;
    }
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
