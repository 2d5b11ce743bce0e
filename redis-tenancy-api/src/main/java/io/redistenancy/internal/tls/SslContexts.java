package io.redistenancy.internal.tls;

import io.redistenancy.ServerTls;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** JDK TLS client contexts built from PEM material, in memory (no key store file on disk). */
public final class SslContexts {
  private SslContexts() {}

  /**
   * A client context for a server with certificates of its own ({@link ServerTls}): its CAs or the
   * JVM's default ones; without the host name check, the chain alone is verified.
   */
  public static SSLContext forServer(ServerTls server) {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(server.caPem().map(pem -> trustStore(Pem.parseCertificates(pem))).orElse(null)); // null: cacerts
      TrustManager[] managers = tmf.getTrustManagers();
      if (!server.verifiesHostName()) {
        managers = new TrustManager[] {new ChainOnly((X509TrustManager) managers[0])};
      }
      KeyManager[] keys = null;
      if (server.clientCertificatePem().isPresent()) {
        keys = keyManagers(Pem.parseEcOrRsaPrivateKey(server.clientKeyPem().orElseThrow()),
            Pem.parseCertificates(server.clientCertificatePem().get()).toArray(Certificate[]::new));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, managers, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context for " + server + ": " + e.getMessage(), e);
    }
  }

  /**
   * A client context for one tenant's instance: trusting only what {@code server} trusts (which checks
   * the tenant's server name), presenting {@code client} when it is not null.
   */
  public static SSLContext client(TenantServerTrust server, IssuedCertificate client) {
    try {
      KeyManager[] keys = client == null ? null
          : keyManagers(client.key(), new Certificate[] {client.certificate()});
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {server}, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the home's certificates: " + e.getMessage(), e);
    }
  }

  private static KeyManager[] keyManagers(PrivateKey key, Certificate[] chain)
      throws GeneralSecurityException, IOException {
    char[] password = new char[0]; // in memory only: the key store never reaches a disk
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("client", key, password, chain);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, password);
    return kmf.getKeyManagers();
  }

  /** The CAs the JVM trusts by default (its {@code cacerts}), e.g. for a redis-server that must trust the same. */
  public static List<X509Certificate> defaultTrustedCas() {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      for (TrustManager manager : tmf.getTrustManagers()) {
        if (manager instanceof X509TrustManager x509) {
          return List.of(x509.getAcceptedIssuers());
        }
      }
      throw new IllegalStateException("the JVM has no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the JVM's trusted CAs: " + e.getMessage(), e);
    }
  }

  static KeyStore trustStore(List<X509Certificate> trusted) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        trust.setCertificateEntry("ca-" + i, trusted.get(i));
      }
      return trust;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot hold the trusted CAs in memory: " + e.getMessage(), e);
    }
  }

  /** Verifies the server's chain but not the name in it. */
  private static final class ChainOnly extends ServerTrustManager {
    private final X509TrustManager delegate;

    ChainOnly(X509TrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
