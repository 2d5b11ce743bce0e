package io.redistenancy.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JDK TLS contexts built from the home's PEM material, in memory (no key store file on disk). */
public final class SslContexts {
  private SslContexts() {}

  /** A client context trusting only {@code trusted}, presenting {@code client} when it is not null. */
  public static SSLContext client(List<X509Certificate> trusted, IssuedCertificate client) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (int i = 0; i < trusted.size(); i++) {
        trust.setCertificateEntry("ca-" + i, trusted.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf = null;
      if (client != null) {
        char[] password = new char[0]; // in memory only: the key store never reaches a disk
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", client.key(), password, new Certificate[] {client.certificate()});
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context from the home's certificates: " + e.getMessage(), e);
    }
  }
}
