package io.redistenancy.internal.tls;

import io.redistenancy.CertificateInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The public facts of a certificate, for the API. */
final class CertificateInfos {
  private static final int DNS = 2;
  private static final int IP = 7;

  private CertificateInfos() {}

  static CertificateInfo of(X509Certificate c) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
      return new CertificateInfo(c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
          c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), HexFormat.of().formatHex(sha), names(c));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  private static List<String> names(X509Certificate c) {
    List<String> out = new ArrayList<>();
    try {
      if (c.getSubjectAlternativeNames() != null) {
        for (List<?> san : c.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == DNS || type == IP) {
            out.add((type == DNS ? "DNS:" : "IP:") + san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalStateException("cannot read the names of a certificate", e);
    }
    return out;
  }
}
