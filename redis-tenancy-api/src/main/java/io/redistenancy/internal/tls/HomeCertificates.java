package io.redistenancy.internal.tls;

import io.redistenancy.CaRotationStep;
import io.redistenancy.CertificateInfo;
import io.redistenancy.TlsOptions;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The home's certificates, under {@code HOME/tls/} (0700, every file 0600):
 *
 * <pre>
 * ca.crt, ca.key            the local CA, created on first use
 * ca-next.crt, ca-next.key  during a CA rotation: the new CA, trusted before it issues
 * ca-previous.crt           during a CA rotation: the replaced CA, trusted until it is dropped
 * admin.crt, admin.key      the library's own client certificate (mutual-TLS tenants)
 * tenants/NAME/server.*     the tenant's server certificate and key
 * tenants/NAME/client.*     the tenant's client certificate and key (mutual TLS)
 * </pre>
 *
 * Keys are PKCS#8 PEM. Calls for one tenant are serialized by the engine; the CA itself is guarded
 * by this object's lock.
 */
public final class HomeCertificates {
  /** Names every server certificate carries, besides the configured ones. */
  static final List<String> LOCAL_DNS = List.of("localhost");
  static final List<String> LOCAL_IPS = List.of("127.0.0.1", "::1");
  /** Issued certificates start a little in the past: clocks of client machines drift. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final Path dir;
  private final Clock clock;
  private final TlsOptions settings;
  private CertificateAuthority ca;

  private HomeCertificates(Path dir, Clock clock, TlsOptions settings) {
    this.dir = dir;
    this.clock = clock;
    this.settings = settings;
  }

  /** The certificates of {@code home}; the CA is created on first use, not here. */
  public static HomeCertificates of(Path home, Clock clock, TlsOptions settings) {
    return new HomeCertificates(home.resolve("tls"), clock, settings);
  }

  public TlsOptions settings() {
    return settings;
  }

  /** The CA, created (and written) if the home has none yet. */
  public synchronized CertificateAuthority authority() {
    if (ca == null) {
      Path crt = dir.resolve("ca.crt");
      Path key = dir.resolve("ca.key");
      if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
        repairInterruptedPromotion(crt, key);
        ca = CertificateAuthority.of(read(crt), read(key));
      } else {
        Instant now = clock.instant();
        ca = CertificateAuthority.create("redis-tenancy local CA", now.minus(BACKDATE), now.plus(settings.caValidity()));
        PrivateFiles.directory(dir);
        PrivateFiles.write(key, ca.issued().keyPem()); // the key first: a CA certificate without it is useless
        PrivateFiles.write(crt, ca.issued().certificatePem());
      }
    }
    return ca;
  }

  /** Every CA clients and servers trust now, as PEM: the current one, plus the next or previous one during a CA rotation. */
  public synchronized String trustBundle() {
    StringBuilder pem = new StringBuilder(authority().issued().certificatePem());
    for (Path other : List.of(dir.resolve("ca-next.crt"), dir.resolve("ca-previous.crt"))) {
      if (Files.isRegularFile(other)) {
        pem.append(read(other));
      }
    }
    return pem.toString();
  }

  /** The step a CA rotation has reached: the next one to run, or TRUST_NEW when none is under way. */
  public synchronized CaRotationStep nextCaRotationStep() {
    if (Files.isRegularFile(dir.resolve("ca-next.crt"))) {
      return CaRotationStep.ISSUE_FROM_NEW;
    }
    return Files.isRegularFile(dir.resolve("ca-previous.crt")) ? CaRotationStep.DROP_OLD : CaRotationStep.TRUST_NEW;
  }

  /** TRUST_NEW: creates the next CA, which the trust bundle includes from now on. */
  public synchronized void createNextCa() {
    authority();
    Instant now = clock.instant();
    CertificateAuthority next = CertificateAuthority.create("redis-tenancy local CA", now.minus(BACKDATE),
        now.plus(settings.caValidity()));
    PrivateFiles.write(dir.resolve("ca-next.key"), next.issued().keyPem());
    PrivateFiles.write(dir.resolve("ca-next.crt"), next.issued().certificatePem());
  }

  /**
   * ISSUE_FROM_NEW: the next CA becomes the current one; the replaced one stays in the trust bundle.
   * Certificates of the replaced CA are reissued when next asked for ({@link #server}, {@link #client}).
   * Safe to run again after a crash at any point: the files are written so that the next run (or
   * {@link #authority()}) can tell how far it got.
   */
  public synchronized void promoteNextCa() {
    Path nextCrt = dir.resolve("ca-next.crt");
    Path nextKey = dir.resolve("ca-next.key");
    String next = read(nextCrt);
    if (!authority().issued().certificatePem().equals(next)) { // not promoted yet
      PrivateFiles.write(dir.resolve("ca-previous.crt"), authority().issued().certificatePem());
      PrivateFiles.write(dir.resolve("ca.key"), read(nextKey)); // a crash here is repaired by authority()
      PrivateFiles.write(dir.resolve("ca.crt"), next);
    }
    delete(nextKey);
    delete(nextCrt);
    ca = null;
  }

  /** A promotion that stopped between writing ca.key and ca.crt: the key is the next CA's, so is the certificate. */
  private void repairInterruptedPromotion(Path crt, Path key) {
    Path nextCrt = dir.resolve("ca-next.crt");
    if (!Files.isRegularFile(nextCrt)) {
      return;
    }
    java.security.PrivateKey current = Pem.parsePrivateKey(read(key), CertificateAuthority.BC);
    X509Certificate next = Pem.parseCertificates(read(nextCrt)).get(0);
    if (!CertificateAuthority.keyMatches(Pem.parseCertificates(read(crt)).get(0), current)
        && CertificateAuthority.keyMatches(next, current)) {
      PrivateFiles.write(crt, read(nextCrt));
    }
  }

  /** DROP_OLD: the replaced CA leaves the trust bundle. */
  public synchronized void dropPreviousCa() {
    delete(dir.resolve("ca-previous.crt"));
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file, e);
    }
  }

  /** The tenant's server certificate, issued if it has none (or if its CA is not the current one). */
  public IssuedCertificate server(TenantId id) {
    return stored(id, "server").filter(this::issuedByCurrentCa).orElseGet(() -> renewServer(id));
  }

  /** Issues a new server certificate for the tenant and stores it; the old one is replaced. */
  public IssuedCertificate renewServer(TenantId id) {
    Instant now = clock.instant();
    return renewServer(id, now.minus(BACKDATE), now.plus(settings.serverValidity()));
  }

  /** Same, with explicit dates (tests issue expired ones). */
  public IssuedCertificate renewServer(TenantId id, Instant notBefore, Instant notAfter) {
    List<String> dns = new ArrayList<>(LOCAL_DNS);
    List<String> ips = new ArrayList<>(LOCAL_IPS);
    for (String name : settings.serverNames()) {
      if (name.matches("[0-9.]+|.*:.*")) {
        ips.add(name);
      } else {
        dns.add(name);
      }
    }
    IssuedCertificate cert = authority().issueServer(id.value(), dns, ips, notBefore, notAfter);
    store(id, "server", cert);
    return cert;
  }

  /** The tenant's client certificate for mutual TLS, issued if it has none from the current CA. */
  public IssuedCertificate client(TenantId id) {
    return stored(id, "client").filter(this::issuedByCurrentCa).orElseGet(() -> {
      Instant now = clock.instant();
      IssuedCertificate cert = authority().issueClient(id.value(), now.minus(BACKDATE), now.plus(settings.serverValidity()));
      store(id, "client", cert);
      return cert;
    });
  }

  /** The library's own client certificate, for its admin connections to mutual-TLS tenants. */
  public synchronized IssuedCertificate admin() {
    Path crt = dir.resolve("admin.crt");
    Path key = dir.resolve("admin.key");
    if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
      IssuedCertificate stored = read(crt, key);
      if (issuedByCurrentCa(stored) && stored.certificate().getNotAfter().toInstant().isAfter(clock.instant())) {
        return stored;
      }
    }
    Instant now = clock.instant();
    IssuedCertificate cert = authority().issueClient("redis-tenancy-admin", now.minus(BACKDATE), now.plus(settings.serverValidity()));
    PrivateFiles.directory(dir);
    PrivateFiles.write(key, cert.keyPem());
    PrivateFiles.write(crt, cert.certificatePem());
    return cert;
  }

  /** What the tenant's server certificate says, if it has one. */
  public Optional<CertificateInfo> serverInfo(TenantId id) {
    return stored(id, "server").map(c -> CertificateInfos.of(c.certificate()));
  }

  /**
   * Records that the expiry warning for {@code period} was given for the tenant's current server
   * certificate; false if it already was. Kept next to the certificate (so a reopened home does not
   * warn again, and a renewed certificate starts afresh), one line per period.
   */
  public synchronized boolean firstExpiryWarning(TenantId id, String serial, Duration period) {
    Path file = tenantDir(id).resolve("expiry-warnings");
    String line = serial + " " + period.toSeconds();
    List<String> given = Files.isRegularFile(file) ? read(file).lines()
        .filter(l -> l.startsWith(serial + " ")).toList() : List.of(); // other serials: renewed since
    if (given.contains(line)) {
      return false;
    }
    if (!Files.isDirectory(tenantDir(id))) {
      return true; // deleted meanwhile: nothing to remember
    }
    PrivateFiles.write(file, Stream.concat(given.stream(), Stream.of(line)).map(l -> l + "\n")
        .collect(Collectors.joining()));
    return true;
  }

  /** Removes a deleted tenant's certificates. */
  public void forget(TenantId id) {
    PrivateFiles.deleteRecursively(tenantDir(id));
  }

  private boolean issuedByCurrentCa(IssuedCertificate cert) {
    X509Certificate issued = cert.certificate();
    try {
      issued.verify(authority().certificate().getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private Optional<IssuedCertificate> stored(TenantId id, String kind) {
    Path crt = tenantDir(id).resolve(kind + ".crt");
    Path key = tenantDir(id).resolve(kind + ".key");
    if (!Files.isRegularFile(crt) || !Files.isRegularFile(key)) {
      return Optional.empty();
    }
    return Optional.of(read(crt, key));
  }

  private void store(TenantId id, String kind, IssuedCertificate cert) {
    Path tenant = PrivateFiles.directory(tenantDir(id));
    PrivateFiles.write(tenant.resolve(kind + ".key"), cert.keyPem());
    PrivateFiles.write(tenant.resolve(kind + ".crt"), cert.certificatePem());
  }

  private Path tenantDir(TenantId id) {
    return dir.resolve("tenants").resolve(id.value());
  }

  private static IssuedCertificate read(Path crt, Path key) {
    List<X509Certificate> certs = Pem.parseCertificates(read(crt));
    if (certs.size() != 1) {
      throw new IllegalStateException(crt + " holds " + certs.size() + " certificates, not one");
    }
    return new IssuedCertificate(certs.get(0), Pem.parsePrivateKey(read(key), CertificateAuthority.BC));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public String toString() {
    return "HomeCertificates{" + dir + "}";
  }
}
