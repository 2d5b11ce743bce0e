package io.redistenancy.internal.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A certificate with its private key. {@link #toString()} names the certificate, never the key.
 *
 * @param certificate the certificate
 * @param key its PKCS#8 private key
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key) {
  public IssuedCertificate {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
  }

  public String certificatePem() {
    return Pem.certificate(certificate);
  }

  /** The PKCS#8 key as PEM: a secret. */
  public String keyPem() {
    return Pem.privateKey(key);
  }

  @Override
  public String toString() {
    return "IssuedCertificate{" + certificate.getSubjectX500Principal().getName() + ", serial "
        + certificate.getSerialNumber().toString(16) + ", until " + certificate.getNotAfter().toInstant() + ", key ****}";
  }
}
