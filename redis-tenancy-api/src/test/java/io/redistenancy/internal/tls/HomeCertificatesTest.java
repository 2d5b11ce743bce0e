package io.redistenancy.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.TlsOptions;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home's CA and the certificates it issues, checked field by field and by openssl itself. */
class HomeCertificatesTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private static final TenantId ACME = TenantId.of("acme");

  @TempDir
  Path home;

  private HomeCertificates certs(TlsOptions options) {
    return HomeCertificates.of(home, "owner-1", Clock.fixed(NOW, ZoneOffset.UTC), options);
  }

  @Test
  void theCaIsAnEcP256CaForTenYearsThatSignsOnlyCertificatesAndCrls() throws Exception {
    X509Certificate ca = certs(TlsOptions.defaults()).authority().certificate();
    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(ca.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    boolean[] usage = ca.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(((java.security.interfaces.ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize())
        .isEqualTo(256);
    assertThat(Duration.between(NOW, ca.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(3650));
  }

  @Test
  void caFilesAre0600Pkcs8InA0700DirectoryAndAreReadBack() throws Exception {
    HomeCertificates first = certs(TlsOptions.defaults());
    X509Certificate ca = first.authority().certificate();
    Path key = home.resolve("tls/ca.key");
    assertThat(perms(home.resolve("tls"))).isEqualTo("rwx------");
    assertThat(perms(key)).isEqualTo("rw-------");
    assertThat(perms(home.resolve("tls/ca.crt"))).isEqualTo("rw-------");
    String pem = Files.readString(key);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----").doesNotContain("EC PRIVATE KEY");
    assertThat(Pem.parsePrivateKey(pem)).isInstanceOf(ECPrivateKey.class);

    assertThat(certs(TlsOptions.defaults()).authority().certificate()).isEqualTo(ca);
  }

  @Test
  void serverCertificatesNameEveryAddressAndServeOnlyAsServersForAYear() throws Exception {
    HomeCertificates certs = certs(TlsOptions.defaults().serverNames(List.of("redis.example.com", "10.1.2.3")));
    X509Certificate server = certs.server(ACME).certificate();
    assertThat(certs.serverName(ACME)).matches("acme\\.[0-9a-f]{12}\\.redis-tenancy")
        .isNotEqualTo(HomeCertificates.of(home, "owner-2", Clock.systemUTC(), TlsOptions.defaults()).serverName(ACME));
    assertThat(CertificateInfos.of(server).subjectAlternativeNames()).containsExactlyInAnyOrder(
        "DNS:" + certs.serverName(ACME), "DNS:localhost", "DNS:redis.example.com", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1", "IP:10.1.2.3");
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(server.getBasicConstraints()).isEqualTo(-1);
    assertThat(Duration.between(NOW, server.getNotAfter().toInstant())).isEqualTo(Duration.ofDays(365));
    assertThat(perms(home.resolve("tls/tenants/acme/server.key"))).isEqualTo("rw-------");
    assertThat(certs.server(ACME).certificate()).as("stored, not reissued").isEqualTo(server);
  }

  @Test
  void anExpiryWarningIsGivenOncePerCertificateAndPeriodEvenAfterAReopen() throws Exception {
    HomeCertificates first = certs(TlsOptions.defaults());
    String serial = CertificateInfos.of(first.server(ACME).certificate()).serialNumber();
    assertThat(first.firstExpiryWarning(ACME, serial, Duration.ofDays(30))).isTrue();
    assertThat(first.firstExpiryWarning(ACME, serial, Duration.ofDays(30))).isFalse();
    assertThat(perms(home.resolve("tls/tenants/acme/expiry-warnings"))).isEqualTo("rw-------");

    HomeCertificates reopened = certs(TlsOptions.defaults());
    assertThat(reopened.firstExpiryWarning(ACME, serial, Duration.ofDays(30))).as("remembered on disk").isFalse();
    assertThat(reopened.firstExpiryWarning(ACME, serial, Duration.ofDays(7))).as("another period").isTrue();
    String renewed = CertificateInfos.of(reopened.renewServer(ACME).certificate()).serialNumber();
    assertThat(reopened.firstExpiryWarning(ACME, renewed, Duration.ofDays(30))).as("a new certificate").isTrue();
    assertThat(Files.readAllLines(home.resolve("tls/tenants/acme/expiry-warnings"))).as("the old serial's lines go")
        .containsExactly(renewed + " " + Duration.ofDays(30).toSeconds());
  }

  @Test
  void clientCertificatesAreClientAuthOnly() throws Exception {
    X509Certificate client = certs(TlsOptions.defaults()).client(ACME).certificate();
    assertThat(client.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
  }

  @Test
  void opensslVerifiesTheServerCertificateForItsPurposeAndNames() throws Exception {
    HomeCertificates certs = certs(TlsOptions.defaults());
    certs.server(ACME);
    Path ca = writeOne(certs.serverTrustBundle(ACME), "acme-ca.crt");
    Path server = home.resolve("tls/tenants/acme/server.crt");
    String attime = Long.toString(NOW.plus(Duration.ofDays(1)).getEpochSecond());
    assertThat(openssl("verify", "-attime", attime, "-CAfile", ca.toString(), "-purpose", "sslserver",
        "-verify_ip", "127.0.0.1", server.toString())).contains("OK");
    assertThat(openssl("verify", "-attime", attime, "-CAfile", ca.toString(), "-purpose", "sslclient",
        server.toString())).doesNotContain(": OK");
    assertThat(openssl("pkey", "-in", home.resolve("tls/tenants/acme/server.key").toString(), "-noout", "-text"))
        .contains("prime256v1");
    assertThat(openssl("x509", "-in", ca.toString(), "-noout", "-text")).contains("prime256v1", "CA:TRUE, pathlen:0",
        "Certificate Sign, CRL Sign");
  }

  @Test
  void eachTenantsClientCertificatesComeFromItsOwnSelfSignedClientCaThatOpensslAcceptsForItAlone() throws Exception {
    HomeCertificates certs = certs(TlsOptions.defaults());
    TenantId globex = TenantId.of("globex");
    certs.client(ACME);
    certs.admin(ACME);
    certs.client(globex);
    Path acmeCa = writeOne(certs.clientTrustBundle(ACME), "acme-client-ca.crt");
    X509Certificate ca = Pem.parseCertificates(certs.clientTrustBundle(ACME)).get(0);
    assertThat(ca.getSubjectX500Principal()).isEqualTo(ca.getIssuerX500Principal());
    assertThat(perms(home.resolve("tls/tenants/acme/client-ca.key"))).isEqualTo("rw-------");
    for (String kind : List.of("client", "admin")) {
      assertThat(verifies(acmeCa, "sslclient", "acme/" + kind + ".crt")).as(kind).isTrue();
    }
    assertThat(verifies(acmeCa, "sslclient", "globex/client.crt")).isFalse();
    assertThat(verifies(home.resolve("tls/ca.crt"), "sslclient", "acme/client.crt")).as("the home CA").isFalse();
  }

  @Test
  void eachTenantsServerCertificateComesFromItsOwnSelfSignedServerCaThatOpensslAcceptsForItAlone() throws Exception {
    HomeCertificates certs = certs(TlsOptions.defaults());
    TenantId globex = TenantId.of("globex");
    certs.server(ACME);
    certs.server(globex);
    List<X509Certificate> acmeCas = Pem.parseCertificates(certs.serverTrustBundle(ACME));
    assertThat(acmeCas).hasSize(1);
    assertThat(acmeCas.get(0).getSubjectX500Principal()).isEqualTo(acmeCas.get(0).getIssuerX500Principal());
    assertThat(acmeCas).doesNotContainAnyElementsOf(Pem.parseCertificates(certs.serverTrustBundle(globex)))
        .doesNotContainAnyElementsOf(Pem.parseCertificates(certs.homeTrustBundle()))
        .doesNotContainAnyElementsOf(Pem.parseCertificates(certs.clientTrustBundle(ACME)));
    assertThat(certs.adminTrustBundle(ACME)).isEqualTo(certs.serverTrustBundle(ACME));
    assertThat(perms(home.resolve("tls/tenants/acme/server-ca.key"))).isEqualTo("rw-------");
    assertThat(perms(home.resolve("tls/tenants/acme/server-ca.crt"))).isEqualTo("rw-------");
    assertThat(perms(home.resolve("tls/tenants/acme"))).isEqualTo("rwx------");
    Path acmeCa = writeOne(certs.serverTrustBundle(ACME), "acme-ca.crt");
    assertThat(verifies(acmeCa, "sslserver", "acme/server.crt")).isTrue();
    assertThat(verifies(acmeCa, "sslserver", "globex/server.crt")).as("globex's, with acme's CA").isFalse();
    assertThat(verifies(home.resolve("tls/ca.crt"), "sslserver", "acme/server.crt")).as("the home CA").isFalse();
  }

  @Test
  void aServerCertificateOfTheHomeCaIsKeptAndTrustedUntilTheRenewalMovesItToTheTenantsServerCa() {
    HomeCertificates certs = certs(TlsOptions.defaults());
    X509Certificate homeCa = certs.authority().certificate();
    IssuedCertificate legacy = certs.authority().issueServer("acme", List.of(certs.serverName(ACME), "localhost"),
        List.of("127.0.0.1"), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)));
    io.redistenancy.internal.PrivateFiles.directory(home.resolve("tls/tenants/acme"));
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.key"), legacy.keyPem());
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.crt"), legacy.certificatePem());

    assertThat(certs.server(ACME).certificate()).as("kept: its clients may trust only the home CA")
        .isEqualTo(legacy.certificate());
    List<X509Certificate> trusted = Pem.parseCertificates(certs.serverTrustBundle(ACME));
    assertThat(trusted).as("its own server CA, and the home CA until the renewal").hasSize(2).endsWith(homeCa);
    X509Certificate own = trusted.get(0);

    X509Certificate renewed = certs.renewServer(ACME).certificate();
    assertThat(renewed.getIssuerX500Principal()).isEqualTo(own.getSubjectX500Principal());
    assertThat(Pem.parseCertificates(certs.serverTrustBundle(ACME))).containsExactly(own);
    assertThat(Pem.parseCertificates(certs.adminTrustBundle(ACME))).as("until the instance loaded it")
        .containsExactly(own, homeCa);
    assertThat(certs(TlsOptions.defaults()).adminTrustBundle(ACME)).as("remembered on disk")
        .isEqualTo(certs.adminTrustBundle(ACME));
    certs.leftHomeCa(ACME);
    assertThat(Pem.parseCertificates(certs.adminTrustBundle(ACME))).containsExactly(own);
    assertThat(certs.server(ACME).certificate()).isEqualTo(renewed);
  }

  @Test
  void aServerCertificateOfTheHomeCaMovesToTheTenantsServerCaWhenTheHomeCaIsReplaced() {
    HomeCertificates certs = certs(TlsOptions.defaults());
    X509Certificate homeCa = certs.authority().certificate();
    IssuedCertificate legacy = certs.authority().issueServer("acme", List.of(certs.serverName(ACME)),
        List.of("127.0.0.1"), NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)));
    io.redistenancy.internal.PrivateFiles.directory(home.resolve("tls/tenants/acme"));
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.key"), legacy.keyPem());
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.crt"), legacy.certificatePem());
    certs.createNextCa();
    certs.alignTenantCas(ACME);
    List<X509Certificate> handedOut = Pem.parseCertificates(certs.serverTrustBundle(ACME)); // at TRUST_NEW
    assertThat(handedOut).hasSize(4);
    assertThat(certs.server(ACME).certificate()).isEqualTo(legacy.certificate());

    certs.promoteNextCa();
    certs.alignTenantCas(ACME);
    X509Certificate moved = certs.server(ACME).certificate();
    List<X509Certificate> own = Pem.parseCertificates(certs.serverTrustBundle(ACME));
    assertThat(own).hasSize(2).allMatch(handedOut::contains);
    assertThat(moved.getIssuerX500Principal()).isEqualTo(own.get(0).getSubjectX500Principal());
    assertThat(Pem.parseCertificates(certs.adminTrustBundle(ACME))).as("until the instance loaded it")
        .contains(homeCa);
  }

  @Test
  void aTenantsClientCaFollowsTheHomesCaRotationSteps() {
    HomeCertificates certs = certs(TlsOptions.defaults());
    X509Certificate firstClient = certs.client(ACME).certificate();
    X509Certificate firstServer = certs.server(ACME).certificate();
    X509Certificate old = Pem.parseCertificates(certs.clientTrustBundle(ACME)).get(0);
    X509Certificate oldServerCa = Pem.parseCertificates(certs.serverTrustBundle(ACME)).get(0);
    certs.createNextCa();
    certs.alignTenantCas(ACME);
    List<X509Certificate> trusting = Pem.parseCertificates(certs.clientTrustBundle(ACME));
    assertThat(trusting).hasSize(2).startsWith(old);
    List<X509Certificate> serverCas = Pem.parseCertificates(certs.serverTrustBundle(ACME));
    assertThat(serverCas).hasSize(2).startsWith(oldServerCa);
    assertThat(certs.client(ACME).certificate()).as("not reissued before the step").isEqualTo(firstClient);
    assertThat(certs.server(ACME).certificate()).as("not reissued before the step").isEqualTo(firstServer);

    certs.promoteNextCa();
    certs.alignTenantCas(ACME);
    assertThat(Pem.parseCertificates(certs.clientTrustBundle(ACME))).containsExactly(trusting.get(1), old);
    assertThat(Pem.parseCertificates(certs.serverTrustBundle(ACME))).containsExactly(serverCas.get(1), oldServerCa);
    X509Certificate reissued = certs.client(ACME).certificate();
    assertThat(reissued).isNotEqualTo(firstClient);
    assertThat(reissued.getIssuerX500Principal()).isEqualTo(trusting.get(1).getSubjectX500Principal());
    assertThat(certs.server(ACME).certificate().getIssuerX500Principal())
        .isEqualTo(serverCas.get(1).getSubjectX500Principal());

    certs.dropPreviousCa();
    certs.alignTenantCas(ACME);
    certs.alignTenantCas(ACME); // a retried step changes nothing more
    assertThat(Pem.parseCertificates(certs.clientTrustBundle(ACME))).containsExactly(trusting.get(1));
    assertThat(Pem.parseCertificates(certs.serverTrustBundle(ACME))).containsExactly(serverCas.get(1));
  }

  @Test
  void aServerCertificateWithoutTheTenantsNameIsReissuedAndTheMigrationRemembered() {
    HomeCertificates certs = certs(TlsOptions.defaults());
    assertThat(certs.migrationPending(ACME)).as("a new tenant").isFalse();
    Instant now = NOW;
    IssuedCertificate legacy = certs.authority().issueServer("acme", List.of("localhost"), List.of("127.0.0.1"),
        now.minusSeconds(60), now.plus(Duration.ofDays(30)));
    io.redistenancy.internal.PrivateFiles.directory(home.resolve("tls/tenants/acme"));
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.key"), legacy.keyPem());
    io.redistenancy.internal.PrivateFiles.write(home.resolve("tls/tenants/acme/server.crt"), legacy.certificatePem());

    X509Certificate server = certs.server(ACME).certificate();
    assertThat(server).isNotEqualTo(legacy.certificate());
    assertThat(CertificateInfos.of(server).subjectAlternativeNames()).contains("DNS:" + certs.serverName(ACME));
    assertThat(server.getIssuerX500Principal()).as("still the home CA, which its clients trust")
        .isEqualTo(certs.authority().certificate().getSubjectX500Principal());
    assertThat(certs.migrationPending(ACME)).as("until the instance has the new material").isTrue();
    certs.migrated(ACME);
    assertThat(certs.migrationPending(ACME)).isFalse();
  }

  private Path writeOne(String pem, String name) throws IOException {
    return Files.writeString(Files.createDirectories(home.resolve("out")).resolve(name), pem);
  }

  @Test
  void aServerNameWithASpaceOrNewlineIsRefused() {
    assertThatThrownBy(() -> TlsOptions.defaults().serverNames(List.of("a b\nc")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'a b?c'");
  }

  @Test
  void toStringNeverShowsAKey() {
    IssuedCertificate cert = certs(TlsOptions.defaults()).server(ACME);
    String body = cert.keyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
    assertThat(cert.toString()).doesNotContain(body).contains("key ****");
    assertThat(certs(TlsOptions.defaults()).authority().toString()).doesNotContain(body);
  }

  @Test
  void aCaRotationKeepsTheOldCaTrustedUntilDroppedAndSurvivesACrashMidPromotion() throws Exception {
    HomeCertificates certs = certs(TlsOptions.defaults());
    X509Certificate old = certs.authority().certificate();
    certs.createNextCa();
    assertThat(certs.nextCaRotationStep()).isEqualTo(io.redistenancy.CaRotationStep.ISSUE_FROM_NEW);
    X509Certificate next = Pem.parseCertificates(Files.readString(home.resolve("tls/ca-next.crt"))).get(0);
    assertThat(Pem.parseCertificates(certs.homeTrustBundle())).containsExactly(old, next);

    // a crash after ca.key was replaced, before ca.crt: a fresh instance repairs it
    Files.writeString(home.resolve("tls/ca.key"), Files.readString(home.resolve("tls/ca-next.key")));
    Files.writeString(home.resolve("tls/ca-previous.crt"), Pem.certificate(old));
    HomeCertificates reopened = certs(TlsOptions.defaults());
    assertThat(reopened.authority().certificate()).isEqualTo(next);
    reopened.promoteNextCa(); // run again: finishes without losing the old CA
    assertThat(Pem.parseCertificates(reopened.homeTrustBundle())).containsExactly(next, old);
    assertThat(reopened.nextCaRotationStep()).isEqualTo(io.redistenancy.CaRotationStep.DROP_OLD);
    reopened.dropPreviousCa();
    assertThat(Pem.parseCertificates(reopened.homeTrustBundle())).containsExactly(next);
  }

  /** Whether {@code openssl verify} accepts the tenants' {@code certificate} (tenant/file) for {@code purpose} with {@code caFile}. */
  private boolean verifies(Path caFile, String purpose, String certificate) throws Exception {
    String attime = Long.toString(NOW.plus(Duration.ofDays(1)).getEpochSecond());
    return openssl("verify", "-attime", attime, "-CAfile", caFile.toString(), "-purpose", purpose,
        home.resolve("tls/tenants/" + certificate).toString()).contains(": OK");
  }

  private static String perms(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static String openssl(String... args) throws Exception {
    Process p = new ProcessBuilder(Stream.concat(Stream.of("openssl"), Stream.of(args)).toList())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
