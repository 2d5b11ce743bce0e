package io.redistenancy.internal.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text for certificates ({@code CERTIFICATE}) and unencrypted PKCS#8 EC keys ({@code PRIVATE KEY}):
 * the forms Redis (OpenSSL), Lettuce (Netty) and redis-cli all read. Keys come from the BouncyCastle
 * provider, whose PKCS#8 encoding carries the curve inside the key as well (a SunEC key without it
 * fails to load in Redis).
 */
public final class Pem {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");
  private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  public static String certificate(X509Certificate certificate) {
    try {
      return block("CERTIFICATE", certificate.getEncoded());
    } catch (CertificateException e) {
      throw new IllegalStateException("a certificate this library issued cannot be encoded", e);
    }
  }

  public static String certificates(List<X509Certificate> certificates) {
    StringBuilder out = new StringBuilder();
    certificates.forEach(c -> out.append(certificate(c)));
    return out.toString();
  }

  public static String privateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("only PKCS#8 keys are written, not " + key.getFormat());
    }
    return block("PRIVATE KEY", key.getEncoded());
  }

  private static String block(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + MIME.encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  /** Every {@code CERTIFICATE} block of {@code pem}, in order. */
  public static List<X509Certificate> parseCertificates(String pem) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(pem, "CERTIFICATE")) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate: " + e.getMessage(), e);
    }
    return out;
  }

  /** The PKCS#8 EC key of {@code pem}; the message of a failure never holds key material. */
  public static PrivateKey parsePrivateKey(String pem) {
    return parsePrivateKey(pem, null);
  }

  /** Same, with the key objects of {@code provider} (null: the JDK's). */
  public static PrivateKey parsePrivateKey(String pem, java.security.Provider provider) {
    byte[] der = singleKey(pem);
    try {
      KeyFactory factory = provider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", provider);
      return factory.generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 EC private key");
    }
  }

  /**
   * The PKCS#8 EC or RSA key of {@code pem}: a client key an operator brings for a server of their own.
   * The message of a failure never holds key material.
   */
  public static PrivateKey parseEcOrRsaPrivateKey(String pem) {
    byte[] der = singleKey(pem);
    for (String algorithm : List.of("EC", "RSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm: try the next
      }
    }
    throw new IllegalArgumentException("not a PKCS#8 EC or RSA private key");
  }

  private static byte[] singleKey(String pem) {
    List<byte[]> keys = blocks(pem, "PRIVATE KEY");
    if (keys.size() != 1) {
      throw new IllegalArgumentException("expected one PKCS#8 PRIVATE KEY block, found " + keys.size());
    }
    return keys.get(0);
  }

  private static List<byte[]> blocks(String pem, String type) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return out;
  }
}
