package io.redistenancy.internal.tls;

import io.redistenancy.internal.Checked;
import io.redistenancy.internal.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One self-signed CA kept in a directory as {@code BASE.crt}/{@code BASE.key} (0600), with the files of
 * its rotation: {@code BASE-next.*} (the new CA, trusted before it issues) and {@code BASE-previous.crt}
 * (the replaced CA, trusted until it is dropped). The home's CA is one; each tenant's server CA and
 * client CA are others. Not thread-safe: callers hold a lock.
 */
final class CaFiles {
  /** Issued certificates start a little in the past: clocks of client machines drift. */
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private final Path dir;
  private final String base;
  private final String commonName;
  private final Clock clock;
  private final Duration validity;
  private CertificateAuthority ca;

  CaFiles(Path dir, String base, String commonName, Clock clock, Duration validity) {
    this.dir = dir;
    this.base = base;
    this.commonName = commonName;
    this.clock = clock;
    this.validity = validity;
  }

  /** The CA, created (and written) if there is none yet. */
  CertificateAuthority authority() {
    if (ca == null) {
      Path crt = file(".crt");
      Path key = file(".key");
      if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
        repairInterruptedPromotion(crt, key);
        ca = CertificateAuthority.of(read(crt), read(key));
      } else {
        ca = newAuthority();
        PrivateFiles.directory(dir);
        PrivateFiles.write(key, ca.issued().keyPem()); // the key first: a CA certificate without it is useless
        PrivateFiles.write(crt, ca.issued().certificatePem());
      }
    }
    return ca;
  }

  /** Every CA trusted now, as PEM: the current one, plus the next or previous one during a rotation. */
  String trustBundle() {
    StringBuilder pem = new StringBuilder(authority().issued().certificatePem());
    for (Path other : List.of(file("-next.crt"), file("-previous.crt"))) {
      if (Files.isRegularFile(other)) {
        pem.append(read(other));
      }
    }
    return pem.toString();
  }

  boolean hasNext() {
    return Files.isRegularFile(file("-next.crt"));
  }

  boolean hasPrevious() {
    return Files.isRegularFile(file("-previous.crt"));
  }

  /** Creates the next CA, which the trust bundle includes from now on. */
  void createNext() {
    authority();
    CertificateAuthority next = newAuthority();
    PrivateFiles.write(file("-next.key"), next.issued().keyPem());
    PrivateFiles.write(file("-next.crt"), next.issued().certificatePem());
  }

  /**
   * The next CA becomes the current one; the replaced one stays in the trust bundle. Safe to run again
   * after a crash at any point: the files are written so that the next run (or {@link #authority()})
   * can tell how far it got.
   */
  void promoteNext() {
    Path nextCrt = file("-next.crt");
    Path nextKey = file("-next.key");
    String next = read(nextCrt);
    if (!authority().issued().certificatePem().equals(next)) { // not promoted yet
      PrivateFiles.write(file("-previous.crt"), authority().issued().certificatePem());
      PrivateFiles.write(file(".key"), read(nextKey)); // a crash here is repaired by authority()
      PrivateFiles.write(file(".crt"), next);
    }
    delete(nextKey);
    delete(nextCrt);
    ca = null;
  }

  /** The replaced CA leaves the trust bundle. */
  void dropPrevious() {
    delete(file("-previous.crt"));
  }

  /** Whether one of the CAs trusted now (current, next or previous) signed {@code certificate}. */
  boolean trusts(X509Certificate certificate) {
    return Pem.parseCertificates(trustBundle()).stream().anyMatch(ca -> signedBy(certificate, ca));
  }

  /** Whether the current CA signed {@code certificate}. */
  boolean issued(X509Certificate certificate) {
    return signedBy(certificate, authority().certificate());
  }

  private static boolean signedBy(X509Certificate certificate, X509Certificate ca) {
    try {
      certificate.verify(ca.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private CertificateAuthority newAuthority() {
    Instant now = clock.instant();
    return CertificateAuthority.create(commonName, now.minus(BACKDATE), now.plus(validity));
  }

  /** A promotion that stopped between writing the key and the certificate: the key is the next CA's, so is the certificate. */
  private void repairInterruptedPromotion(Path crt, Path key) {
    Path nextCrt = file("-next.crt");
    if (!Files.isRegularFile(nextCrt)) {
      return;
    }
    PrivateKey current = Pem.parsePrivateKey(read(key), CertificateAuthority.BC);
    X509Certificate next = Pem.parseCertificates(read(nextCrt)).get(0);
    if (!CertificateAuthority.keyMatches(Pem.parseCertificates(read(crt)).get(0), current)
        && CertificateAuthority.keyMatches(next, current)) {
      PrivateFiles.write(crt, read(nextCrt));
    }
  }

  private Path file(String suffix) {
    return dir.resolve(base + suffix);
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw Checked.failure("delete " + file, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw Checked.failure("read " + file, e);
    }
  }
}
