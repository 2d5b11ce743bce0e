package io.redistenancy.internal.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509TrustManager;

/**
 * Accepts a server only if its chain leads to one of the trusted CAs and its certificate names the
 * tenant's own server name in its subject alternative names, whatever address the connection went to:
 * another tenant's instance, whose certificate comes from the same CA, is refused. The trusted CAs are
 * read at every handshake, so a connection follows CA rotations. The JDK adds no host name check of its
 * own (against the address, which every instance of the home shares).
 */
public final class TenantServerTrust extends ServerTrustManager {
  /** Names the factory only: it provides no algorithms. */
  private static final java.security.Provider FACTORY_PROVIDER = new java.security.Provider("redis-tenancy", "1",
      "the trust of one tenant's server name") {};
  private final Supplier<String> trustedPem;
  private final String serverName;
  /** A tenant name whose instance may still serve a certificate from before server names (migration), or null. */
  private final String legacyCommonName;

  private TenantServerTrust(Supplier<String> trustedPem, String serverName, String legacyCommonName) {
    this.trustedPem = trustedPem;
    this.serverName = serverName;
    this.legacyCommonName = legacyCommonName;
  }

  /** Trusts the CAs {@code trustedPem} gives at each handshake, for the server named {@code serverName}. */
  public static TenantServerTrust of(Supplier<String> trustedPem, String serverName) {
    return new TenantServerTrust(trustedPem, serverName, null);
  }

  /**
   * The same, also accepting the certificate an instance set up before per-tenant server names serves:
   * issued for {@code tenant} (its common name) by a trusted CA. Only the library's admin connections
   * use it, while they migrate such an instance.
   */
  public static TenantServerTrust migrating(Supplier<String> trustedPem, String serverName, String tenant) {
    return new TenantServerTrust(trustedPem, serverName, tenant);
  }

  /** This trust as a factory, for Lettuce's {@code SslOptions.Builder.trustManager(TrustManagerFactory)}. */
  public TrustManagerFactory factory() {
    TrustManager[] managers = {this};
    TrustManagerFactorySpi spi = new TrustManagerFactorySpi() {
      @Override
      protected void engineInit(KeyStore keyStore) {}

      @Override
      protected void engineInit(ManagerFactoryParameters parameters) {}

      @Override
      protected TrustManager[] engineGetTrustManagers() {
        return managers.clone();
      }
    };
    return new TrustManagerFactory(spi, FACTORY_PROVIDER, "redis-tenancy-tenant") {};
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    chainTrust().checkServerTrusted(chain, authType);
    if (!names(chain[0], serverName) && !isLegacy(chain[0])) {
      throw new CertificateException("the server's certificate does not name " + serverName
          + ": it is not this tenant's instance");
    }
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return Pem.parseCertificates(trustedPem.get()).toArray(X509Certificate[]::new);
  }

  private X509TrustManager chainTrust() throws CertificateException {
    try {
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(SslContexts.trustStore(Pem.parseCertificates(trustedPem.get())));
      return (X509TrustManager) tmf.getTrustManagers()[0];
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new CertificateException("cannot read the trusted CAs: " + e.getMessage(), e);
    }
  }

  private static boolean names(X509Certificate certificate, String name) {
    return CertificateInfos.of(certificate).subjectAlternativeNames().contains("DNS:" + name);
  }

  private boolean isLegacy(X509Certificate certificate) {
    return legacyCommonName != null
        && certificate.getSubjectX500Principal().equals(CertificateAuthority.subject(legacyCommonName));
  }

  @Override
  public String toString() {
    return "TenantServerTrust{" + serverName + "}";
  }

}
