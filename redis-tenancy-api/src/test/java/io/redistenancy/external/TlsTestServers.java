package io.redistenancy.external;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.internal.tls.CertificateAuthority;
import io.redistenancy.internal.tls.IssuedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Real redis-servers that speak TLS with certificates of their own: a test CA (not a home's), one
 * server certificate naming localhost and 127.0.0.1 (not 127.0.0.2), each server on a plaintext port
 * for the test's admin checks and a TLS port for the library. Closing kills every server started.
 */
final class TlsTestServers implements AutoCloseable {
  /** A started server and its TLS port. */
  record TlsServer(TestRedis redis, int tlsPort) {}

  private final Path root;
  private final Path files;
  private final CertificateAuthority ca;
  private final List<TestRedis> started = new ArrayList<>();

  private TlsTestServers(Path root, Path files, CertificateAuthority ca) {
    this.root = root;
    this.files = files;
    this.ca = ca;
  }

  static TlsTestServers create(Path root) throws Exception {
    Instant now = Instant.now();
    CertificateAuthority ca = CertificateAuthority.create("external test CA", now.minusSeconds(60),
        now.plus(Duration.ofDays(1)));
    IssuedCertificate cert = ca.issueServer("redis", List.of("localhost"), List.of("127.0.0.1"),
        now.minusSeconds(60), now.plus(Duration.ofDays(1)));
    Path files = Files.createDirectories(root.resolve("tls"));
    Files.writeString(files.resolve("ca.crt"), ca.issued().certificatePem());
    Files.writeString(files.resolve("server.crt"), cert.certificatePem());
    Files.writeString(files.resolve("server.key"), cert.keyPem());
    return new TlsTestServers(root, files, ca);
  }

  /** The test CA's certificate (PEM): what a {@code ServerTls.trusting(…)} needs. */
  String caPem() {
    return ca.issued().certificatePem();
  }

  /** A client certificate from the test CA, for mutual TLS. */
  IssuedCertificate clientCertificate(String commonName) {
    Instant now = Instant.now();
    return ca.issueClient(commonName, now.minusSeconds(60), now.plus(Duration.ofDays(1)));
  }

  /**
   * Starts a server listening on 127.0.0.1 and 127.0.0.2.
   *
   * @param authClients as {@code tls-auth-clients}: "yes" requires a client certificate
   * @param extraConfig more redis.conf lines (e.g. {@code replicaof})
   */
  TlsServer start(String authClients, String... extraConfig) throws Exception {
    int tlsPort = TestRedis.freePort();
    List<String> conf = new ArrayList<>(List.of("bind 127.0.0.1 127.0.0.2", "tls-port " + tlsPort,
        "tls-cert-file " + files.resolve("server.crt"), "tls-key-file " + files.resolve("server.key"),
        "tls-ca-cert-file " + files.resolve("ca.crt"), "tls-auth-clients " + authClients));
    conf.addAll(List.of(extraConfig));
    TestRedis redis = TestRedis.start(root, true, conf);
    started.add(redis);
    return new TlsServer(redis, tlsPort);
  }

  /**
   * GETs {@code key} the way an application does from the tenant's connection info alone: a new
   * Lettuce client with its TLS options, over its URI, with its key prefix applied.
   */
  static String getAsApplication(ConnectionInfo info, String key) {
    RedisClient client = RedisClient.create();
    try {
      client.setOptions(ClientOptions.builder().sslOptions(info.sslOptions()).build());
      try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
        return conn.sync().get(key);
      }
    } finally {
      client.shutdown();
    }
  }

  @Override
  public void close() throws Exception {
    for (TestRedis redis : started) {
      redis.close();
    }
  }
}
