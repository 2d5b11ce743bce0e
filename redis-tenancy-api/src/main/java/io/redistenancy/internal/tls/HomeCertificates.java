package io.redistenancy.internal.tls;

import io.redistenancy.internal.Checked;
import io.redistenancy.CaRotationStep;
import io.redistenancy.CertificateInfo;
import io.redistenancy.TlsOptions;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The home's certificates, under {@code HOME/tls/} (0700, every file 0600):
 *
 * <pre>
 * ca.crt, ca.key            the home CA, created on first use: its rotation steps set the tenants' CAs'
 *                           ({@link #alignTenantCas}); it issues server certificates only for tenants set
 *                           up before server CAs were per tenant, until their next renewal
 * ca-next.*, ca-previous.crt  during a CA rotation (see {@link CaFiles})
 * admin.crt, admin.key      the library's client certificate from the home CA: only to migrate
 *                           instances set up before client CAs were per tenant
 * tenants/NAME/server-ca.*  the tenant's own server CA (self-signed): the only CA its clients and the
 *                           library's connections to it trust, so no other tenant's instance passes for it
 * tenants/NAME/server.*     the tenant's server certificate and key, naming {@link #serverName}, from its
 *                           server CA
 * tenants/NAME/leaving-home-ca  while its instance may still serve the home CA's certificate it had
 * tenants/NAME/client-ca.*  the tenant's own client CA (self-signed): the only CA its instance
 *                           trusts for client certificates, so no other tenant's certificate logs in
 * tenants/NAME/client.*     the tenant's client certificate and key (mutual TLS), from its client CA
 * tenants/NAME/admin.*      the library's client certificate for this tenant, from its client CA
 * </pre>
 *
 * Keys are PKCS#8 PEM. Calls for one tenant are serialized by the engine; the CAs are guarded by
 * this object's lock.
 */
public final class HomeCertificates {
  /** Names every server certificate carries, besides the tenant's own and the configured ones. */
  static final List<String> LOCAL_DNS = List.of("localhost");
  static final List<String> LOCAL_IPS = List.of("127.0.0.1", "::1");
  /** The domain of the tenants' server names: not a DNS domain, a name clients verify. */
  static final String SERVER_NAME_DOMAIN = "redis-tenancy";
  private static final String CA_NAME = "redis-tenancy local CA";
  private static final String ADMIN_NAME = "redis-tenancy-admin";
  /** Marks a tenant whose instance may still have the material of before per-tenant identities. */
  private static final String MIGRATING = "migrating";
  /** Marks a tenant whose instance may still serve its server certificate of the home CA. */
  private static final String LEAVING_HOME_CA = "leaving-home-ca";

  private final Path dir;
  private final String homeTag;
  private final Clock clock;
  private final TlsOptions settings;
  private final CaFiles home;

  private HomeCertificates(Path dir, String homeTag, Clock clock, TlsOptions settings) {
    this.dir = dir;
    this.homeTag = homeTag;
    this.clock = clock;
    this.settings = settings;
    this.home = new CaFiles(dir, "ca", CA_NAME, clock, settings.caValidity());
  }

  /**
   * The certificates of {@code home}, whose owner id tells its tenants' server names apart from other
   * homes'; the CA is created on first use, not here.
   */
  public static HomeCertificates of(Path home, String ownerId, Clock clock, TlsOptions settings) {
    return new HomeCertificates(home.resolve("tls"), tag(ownerId), clock, settings);
  }

  private static String tag(String ownerId) {
    try {
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  public TlsOptions settings() {
    return settings;
  }

  /**
   * The name only this tenant's server certificate carries, {@code NAME.HOMETAG.redis-tenancy}: made of
   * the validated tenant name and 12 hex digits of the home's owner id. Clients verify it (SNI and host
   * name check) whatever address they connect to.
   */
  public String serverName(TenantId id) {
    return id.value() + "." + homeTag + "." + SERVER_NAME_DOMAIN;
  }

  /** The home CA, created (and written) if the home has none yet. */
  public synchronized CertificateAuthority authority() {
    return home.authority();
  }

  /**
   * The home's CAs, as PEM: the current one, plus the next or previous one during a CA rotation. What
   * instances set up before client CAs were per tenant trust for clients, and what clients of tenants set
   * up before server CAs were per tenant trust for servers.
   */
  public synchronized String homeTrustBundle() {
    return home.trustBundle();
  }

  /** The step a CA rotation has reached: the next one to run, or TRUST_NEW when none is under way. */
  public synchronized CaRotationStep nextCaRotationStep() {
    if (home.hasNext()) {
      return CaRotationStep.ISSUE_FROM_NEW;
    }
    return home.hasPrevious() ? CaRotationStep.DROP_OLD : CaRotationStep.TRUST_NEW;
  }

  /** TRUST_NEW: creates the next CA, which the trust bundle includes from now on. */
  public synchronized void createNextCa() {
    home.createNext();
  }

  /**
   * ISSUE_FROM_NEW: the next CA becomes the current one; the replaced one stays in the trust bundle.
   * Certificates of the replaced CA are reissued when next asked for ({@link #server}). Safe to run
   * again after a crash at any point.
   */
  public synchronized void promoteNextCa() {
    home.promoteNext();
  }

  /** DROP_OLD: the replaced CA leaves the trust bundle. */
  public synchronized void dropPreviousCa() {
    home.dropPrevious();
  }

  /**
   * Brings the tenant's server and client CAs to the step the home's CA rotation has reached: a next CA
   * while the home has one, promoted once the home's is, the previous one dropped with the home's. A
   * tenant's certificates are thus reissued (and old CAs dropped) in the same steps for every tenant.
   */
  public synchronized void alignTenantCas(TenantId id) {
    align(serverCa(id));
    align(clientCa(id));
  }

  private void align(CaFiles tenant) {
    tenant.authority();
    if (home.hasNext()) {
      if (!tenant.hasNext()) {
        tenant.createNext();
      }
      return;
    }
    if (tenant.hasNext()) {
      tenant.promoteNext();
    }
    if (!home.hasPrevious()) {
      tenant.dropPrevious();
    }
  }

  /**
   * The CAs the tenant's clients, and the library's connections to its instance, trust for its server
   * certificate (PEM): its own server CA (with the next or previous one during a rotation); and the
   * home's CAs too while it still has a server certificate of theirs, from before server CAs were per
   * tenant (until its next renewal).
   */
  public synchronized String serverTrustBundle(TenantId id) {
    String own = serverCa(id).trustBundle();
    return hasHomeCaServerCertificate(id) ? own + home.trustBundle() : own;
  }

  /**
   * What the library's own connections to the tenant's instance trust: {@link #serverTrustBundle}, and the
   * home's CAs too while the instance may still serve the certificate of the home CA just replaced
   * ({@link #leftHomeCa} not called yet), so the connection that makes it load the new one succeeds.
   */
  public synchronized String adminTrustBundle(TenantId id) {
    boolean leaving = Files.isRegularFile(tenantDir(id).resolve(LEAVING_HOME_CA)) && !hasHomeCaServerCertificate(id);
    return leaving ? serverTrustBundle(id) + home.trustBundle() : serverTrustBundle(id);
  }

  /** The tenant's instance has loaded a server certificate of its own server CA. */
  public synchronized void leftHomeCa(TenantId id) {
    delete(tenantDir(id).resolve(LEAVING_HOME_CA));
  }

  private boolean hasHomeCaServerCertificate(TenantId id) {
    return stored(id, "server").filter(c -> home.trusts(c.certificate())).isPresent();
  }

  /** The CAs the tenant's instance trusts for client certificates (PEM): its own client CA only. */
  public synchronized String clientTrustBundle(TenantId id) {
    return clientCa(id).trustBundle();
  }

  /**
   * The tenant's server certificate, issued if it has none, if its CA is not the current one, or if it
   * does not carry the tenant's {@link #serverName} (one issued before server names were per tenant).
   * One from the current home CA, of a tenant set up before server CAs were per tenant, is kept until
   * the next renewal (its clients may trust only the home CA), and reissued from it if only the name is
   * missing.
   */
  public IssuedCertificate server(TenantId id) {
    Optional<IssuedCertificate> stored = stored(id, "server");
    boolean fromHomeCa = stored.filter(this::issuedByHomeCa).isPresent();
    if (stored.filter(c -> namesTenant(c, id)).filter(c -> fromHomeCa || issuedByServerCa(id, c)).isPresent()) {
      return stored.get();
    }
    Instant now = clock.instant();
    return issueServer(id, fromHomeCa, now.minus(CaFiles.BACKDATE), now.plus(settings.serverValidity()));
  }

  /**
   * Whether the tenant's instance may still serve and trust material from before identities were per
   * tenant: its stored server certificate lacks the server name, or a migration began and did not end
   * ({@link #migrated}). Remembered in a file before the old certificate is replaced, so a crash does not
   * lose it.
   */
  public synchronized boolean migrationPending(TenantId id) {
    Path marker = tenantDir(id).resolve(MIGRATING);
    if (!Files.isRegularFile(marker) && stored(id, "server").map(c -> !namesTenant(c, id)).orElse(false)) {
      PrivateFiles.write(marker, "the instance may still serve a server certificate without " + serverName(id) + "\n");
    }
    return Files.isRegularFile(marker);
  }

  /** The tenant's instance serves and trusts only its own material now. */
  public synchronized void migrated(TenantId id) {
    delete(tenantDir(id).resolve(MIGRATING));
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (java.io.IOException e) {
      throw Checked.failure("delete " + file, e);
    }
  }

  /**
   * Issues a new server certificate for the tenant from its server CA and stores it; the old one is
   * replaced. A tenant whose certificate came from the home CA moves to its own server CA here.
   */
  public IssuedCertificate renewServer(TenantId id) {
    Instant now = clock.instant();
    return renewServer(id, now.minus(CaFiles.BACKDATE), now.plus(settings.serverValidity()));
  }

  /** Same, with explicit dates (tests issue expired ones). */
  public IssuedCertificate renewServer(TenantId id, Instant notBefore, Instant notAfter) {
    return issueServer(id, false, notBefore, notAfter);
  }

  private IssuedCertificate issueServer(TenantId id, boolean fromHomeCa, Instant notBefore, Instant notAfter) {
    migrationPending(id); // remembers a legacy certificate before it is replaced
    synchronized (this) {
      if (!fromHomeCa && hasHomeCaServerCertificate(id)) { // remembered before it is replaced, as above
        PrivateFiles.write(tenantDir(id).resolve(LEAVING_HOME_CA),
            "the instance may still serve a server certificate of the home CA\n");
      }
    }
    List<String> dns = new ArrayList<>(List.of(serverName(id)));
    dns.addAll(LOCAL_DNS);
    List<String> ips = new ArrayList<>(LOCAL_IPS);
    for (String name : settings.serverNames()) {
      if (name.matches("[0-9.]+|.*:.*")) {
        ips.add(name);
      } else {
        dns.add(name);
      }
    }
    IssuedCertificate cert;
    synchronized (this) {
      CertificateAuthority issuer = fromHomeCa ? authority() : serverCa(id).authority();
      cert = issuer.issueServer(id.value(), dns, ips, notBefore, notAfter);
    }
    store(id, "server", cert);
    return cert;
  }

  /** The tenant's client certificate for mutual TLS, issued if it has none from its current client CA. */
  public IssuedCertificate client(TenantId id) {
    return fromClientCa(id, "client", id.value());
  }

  /**
   * The library's client certificate for its admin connections to this tenant's instance, from the
   * tenant's client CA (the instance trusts no other).
   */
  public IssuedCertificate admin(TenantId id) {
    return fromClientCa(id, "admin", ADMIN_NAME);
  }

  /** A clientAuth certificate of the tenant's current client CA, issued if there is none or it ended. */
  private IssuedCertificate fromClientCa(TenantId id, String kind, String commonName) {
    Instant now = clock.instant();
    return stored(id, kind).filter(c -> c.certificate().getNotAfter().toInstant().isAfter(now)).filter(c -> {
      synchronized (this) {
        return clientCa(id).issued(c.certificate());
      }
    }).orElseGet(() -> {
      IssuedCertificate cert;
      synchronized (this) {
        cert = clientCa(id).authority().issueClient(commonName, now.minus(CaFiles.BACKDATE),
            now.plus(settings.serverValidity()));
      }
      store(id, kind, cert);
      return cert;
    });
  }

  /**
   * The library's client certificate from the home CA: what instances set up before client CAs were per
   * tenant trust, used only to migrate them.
   */
  public synchronized IssuedCertificate legacyAdmin() {
    Path crt = dir.resolve("admin.crt");
    Path key = dir.resolve("admin.key");
    if (Files.isRegularFile(crt) && Files.isRegularFile(key)) {
      IssuedCertificate stored = read(crt, key);
      if (home.issued(stored.certificate()) && stored.certificate().getNotAfter().toInstant().isAfter(clock.instant())) {
        return stored;
      }
    }
    Instant now = clock.instant();
    IssuedCertificate cert = authority().issueClient(ADMIN_NAME, now.minus(CaFiles.BACKDATE),
        now.plus(settings.serverValidity()));
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

  private synchronized boolean issuedByHomeCa(IssuedCertificate cert) {
    return home.issued(cert.certificate());
  }

  private synchronized boolean issuedByServerCa(TenantId id, IssuedCertificate cert) {
    return serverCa(id).issued(cert.certificate());
  }

  /** Whether {@code cert} names the tenant's server name in its subject alternative names. */
  private boolean namesTenant(IssuedCertificate cert, TenantId id) {
    return CertificateInfos.of(cert.certificate()).subjectAlternativeNames().contains("DNS:" + serverName(id));
  }

  private CaFiles serverCa(TenantId id) {
    return new CaFiles(tenantDir(id), "server-ca", "redis-tenancy server CA of " + serverName(id), clock,
        settings.caValidity());
  }

  private CaFiles clientCa(TenantId id) {
    return new CaFiles(tenantDir(id), "client-ca", "redis-tenancy client CA of " + id.value(), clock,
        settings.caValidity());
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
    return CaFiles.read(file);
  }

  @Override
  public String toString() {
    return "HomeCertificates{" + dir + "}";
  }
}
