package io.redistenancy.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Backends;
import io.redistenancy.Backup;
import io.redistenancy.Endpoint;
import io.redistenancy.RedisTenancy;
import io.redistenancy.ServerTls;
import io.redistenancy.Tenant;
import io.redistenancy.internal.backup.MigrateTrust;
import io.redistenancy.spi.ServerLogin;
import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.Pem;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore to a TLS server registered with {@link ServerTls#defaultTrust()} copies over TLS trusting
 * only the CA the server's own chain leads to, not every CA the JVM trusts. The JVM's default trust is
 * made, for this test, a real trust store holding the test servers' CA and another CA (a stand-in for
 * the 140-odd public ones); real TLS redis-servers from {@link TlsTestServers}.
 */
class MigrateTrustIT {
  private static final List<String> TRUST_PROPERTIES = List.of("javax.net.ssl.trustStore",
      "javax.net.ssl.trustStoreType", "javax.net.ssl.trustStorePassword");

  @TempDir
  Path root;
  private TlsTestServers tls;
  private TlsTestServers.TlsServer server;
  private X509Certificate otherCa;
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    tls = TlsTestServers.create(root);
    server = tls.start("no");
    Instant now = Instant.now();
    otherCa = Pem.parseCertificates(CertificateAuthority.create("another trusted CA", now.minusSeconds(60),
        now.plus(Duration.ofDays(1))).issued().certificatePem()).get(0);
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("test-ca", Pem.parseCertificates(tls.caPem()).get(0));
    store.setCertificateEntry("other-ca", otherCa);
    Path file = root.resolve("jvm-trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, "changeit".toCharArray());
    }
    TRUST_PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
    System.setProperty("javax.net.ssl.trustStore", file.toString());
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
  }

  @AfterEach
  void stop() throws Exception {
    saved.forEach((p, v) -> {
      if (v == null) {
        System.clearProperty(p);
      } else {
        System.setProperty(p, v);
      }
    });
    tls.close();
  }

  @Test
  void theCopyTrustsOnlyTheCaTheServersOwnChainLeadsTo() {
    ServerLogin login = new ServerLogin(Endpoint.tls("127.0.0.1", server.tlsPort()), TestRedis.ADMIN,
        TestRedis.ADMIN_PASSWORD, ServerTls.defaultTrust());

    List<X509Certificate> trusted = Pem.parseCertificates(MigrateTrust.caPem(login));

    assertThat(trusted).as("the test servers' CA, and not the other CA the JVM trusts")
        .containsExactlyElementsOf(Pem.parseCertificates(tls.caPem()));
  }

  @Test
  void aRestoreToADefaultTrustServerCopiesOverTheServersOwnCa() throws Exception {
    RedisTenancy tenancy = RedisTenancy.builder().home(Files.createTempDirectory(root, "home-"))
        .backend(Backends.registeredServers().register("acme", "127.0.0.1", server.tlsPort(), TestRedis.ADMIN,
            TestRedis.ADMIN_PASSWORD, ServerTls.defaultTrust()).timeout(Duration.ofSeconds(10)))
        .build();
    try (tenancy) {
      Tenant acme = tenancy.create("acme").apply();
      try (var conn = acme.connect()) {
        conn.sync().set("k", "before");
      }
      Backup backup = acme.backups().create();
      try (var conn = acme.connect()) {
        conn.sync().set("k", "after");
      }
      acme.backups().restore(backup);
      try (var conn = acme.connect()) {
        assertThat(conn.sync().get("k")).isEqualTo("before");
      }
    }
  }
}
