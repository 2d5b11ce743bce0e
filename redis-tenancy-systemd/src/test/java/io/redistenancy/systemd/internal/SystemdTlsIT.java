package io.redistenancy.systemd.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisException;
import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyException;
import io.redistenancy.Tenant;
import io.redistenancy.contract.TlsProbe;
import io.redistenancy.spi.InstanceLayout;
import io.redistenancy.spi.TenantId;
import io.redistenancy.systemd.CommandRunner.Result;
import io.redistenancy.systemd.SystemdBackends;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS tenants on the systemd backend with {@code tcpPorts}, against the lab's real systemd: real
 * handshakes from this JVM (the engine's and Lettuce's, through {@link LabTcpRelay}) and from
 * {@code redis-cli} inside the lab, mutual TLS, a live renewal, the units' checks and clean removal.
 */
class SystemdTlsIT {
  static final int FIRST_PORT = 27400;
  static final int LAST_PORT = 27404;
  /**
   * The measured exposure of an instance with a TCP port, above the 1.0 of the others (which score
   * 0.5): its drop-in gives it the host's network namespace (PrivateNetwork=, 0.5), Internet sockets
   * (RestrictAddressFamilies=, 0.3) and an allow list of loopback (IPAddressDeny=, 0.1); systemd rates
   * 1.3 "OK". No other setting of the sandbox is relaxed.
   */
  static final double TCP_EXPOSURE_THRESHOLD = 1.3;

  private static LabTcpRelay relay;

  @TempDir
  Path tmp;

  private final List<RedisTenancy> opened = new ArrayList<>();
  private SystemdBackend backend;

  @BeforeAll
  static void relayTheLabsPorts() {
    relay = new LabTcpRelay(FIRST_PORT, LAST_PORT);
  }

  @AfterAll
  static void closeRelay() {
    if (relay != null) {
      relay.close();
    }
  }

  @AfterEach
  void cleanUp() {
    for (RedisTenancy tenancy : opened) {
      try (tenancy) {
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE)); // units and users in the shared lab otherwise
      }
    }
  }

  /** A tenancy on {@code settings}, keeping its backend for a look at the names of its files. */
  private RedisTenancy open(SystemdBackends.Systemd settings) {
    RedisTenancy tenancy = RedisTenancy.builder().home(tmp.resolve("home" + opened.size())).backend(context -> {
      backend = (SystemdBackend) settings.create(context);
      return backend;
    }).build();
    opened.add(tenancy);
    return tenancy;
  }

  private RedisTenancy openWithPorts() {
    return open(SystemdLab.settings().tcpPorts(FIRST_PORT, LAST_PORT));
  }

  @Test
  void aTlsOnlyTenantAnswersOverTlsOnlyAndLeavesNothingWhenDeleted() throws Exception {
    RedisTenancy tenancy = openWithPorts();
    Tenant acme = tenancy.create("acme").access(Access.TLS_ONLY).apply();
    ConnectionInfo info = acme.connection();
    Endpoint endpoint = info.endpoint();
    assertThat(info.endpoints()).containsExactly(endpoint);
    assertThat(endpoint.isTls()).isTrue();
    assertThat(endpoint.host()).contains("127.0.0.1");
    assertThat(endpoint.port()).isBetween(FIRST_PORT, LAST_PORT);

    assertThat(ping(info)).isEqualTo("PONG");
    assertThat(labRedisCliPing(info, true)).isEqualTo("PONG");
    assertThat(labRedisCliPing(info, false)).as("plaintext redis-cli in the lab").doesNotContain("PONG");
    assertThat(plaintextPing(endpoint)).as("plaintext from this host").doesNotContain("PONG");

    TenantId id = TenantId.of("acme");
    InstanceNames names = backend.names();
    // the port is given at run time (CONFIG SET) and kept in the port file the config includes; the
    // socket is the backend's admin channel alone (0600), not an endpoint
    assertThat(cat(names.configFile(id))).contains("port 0\n", "tls-port 0\n", "bind 127.0.0.1\n",
        "unixsocketperm 600\n", "include " + names.portFile(id) + "\n");
    assertThat(cat(names.portFile(id))).endsWith("\ntls-port " + endpoint.port() + "\n");
    InstanceLayout.TlsFiles tls = names.tlsFiles(id, endpoint.port());
    for (Path file : List.of(tls.certificate(), tls.key(), tls.caBundle())) {
      assertThat(stat(file)).as(file.toString()).isEqualTo("root:" + names.user(id) + " 640");
    }
    Result stranger = SystemdLab.exec("runuser", "-u", "nobody", "--", "cat", tls.key().toString());
    assertThat(stranger.exitCode()).as("another user reads the key").isNotZero();
    String key = Files.readString(tmp.resolve("home0/tls/tenants/acme/server.key"));
    assertThat(cat(tls.key())).isEqualTo(key);
    String journal = SystemdLab.exec("journalctl", "--unit=" + names.unit(id), "--no-pager", "--output=cat").stdout();
    key.lines().filter(line -> !line.startsWith("-----")).forEach(line -> assertThat(journal).doesNotContain(line));

    assertThat(cat(names.dropIn(id))).contains("PrivateNetwork=no\n", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6\n",
        "IPAddressAllow=localhost\n");
    String instanceUnit = names.unitDirectory().resolve(names.unit(id)).toString();
    SystemdLab.assertVerified(names.templateFile().toString(), instanceUnit);
    assertThat(SystemdLab.exposure(instanceUnit)).isLessThanOrEqualTo(TCP_EXPOSURE_THRESHOLD);

    acme.delete(Deletion.PURGE);
    for (Path file : names.configFiles(id)) {
      assertThat(SystemdLab.exec("test", "-e", file.toString()).exitCode()).as(file + " is left").isNotZero();
    }
    assertThat(SystemdLab.exec("test", "-e", names.dropInDirectory(id).toString()).exitCode()).as("drop-in left")
        .isNotZero();
    Tenant next = tenancy.create("next").access(Access.DUAL).apply();
    assertThat(next.connection().endpoints()).as("the released port is handed out again, beside the socket")
        .containsExactly(Endpoint.unixSocket(names.clientSocket(TenantId.of("next"))), endpoint);
    assertThat(TlsProbe.ping(next.connection(), endpoint)).isEqualTo("PONG");
  }

  @Test
  void withoutTcpPortsTlsIsRefusedAndPlainTenantsStayOnTheirSocket() {
    RedisTenancy tenancy = open(SystemdLab.settings());
    assertThatThrownBy(() -> tenancy.create("acme").access(Access.TLS_ONLY).apply())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("the systemd backend serves no TLS")
        .hasMessageContaining("tcpPorts(first, last)");
    assertThat(tenancy.tenants()).isEmpty();

    Tenant plain = tenancy.create("plain").apply();
    assertThat(plain.connection().endpoints()).singleElement().satisfies(e -> assertThat(e.isUnixSocket()).isTrue());
    assertThat(cat(backend.names().dropIn(TenantId.of("plain")))).doesNotContain("PrivateNetwork", "IPAddressAllow",
        "RestrictAddressFamilies");
  }

  @Test
  void mutualTlsRefusesAClientWithoutACertificate() {
    Tenant acme = openWithPorts().create("acme").access(Access.TLS_ONLY).clientAuth(ClientAuth.REQUIRED).apply();
    ConnectionInfo info = acme.connection();
    assertThat(info.clientCertificatePem()).isPresent();
    try (var conn = acme.connect()) {
      assertThat(conn.sync().ping()).isEqualTo("PONG");
    }
    assertThat(ping(info)).isEqualTo("PONG");
    ConnectionInfo noCertificate = info.withTls(info.caPem().orElseThrow(), null, null);
    assertThatThrownBy(() -> ping(noCertificate)).isInstanceOf(RedisException.class);
  }

  @Test
  void aRenewedCertificateIsServedLiveWithoutARestart() throws Exception {
    Tenant acme = openWithPorts().create("acme").access(Access.TLS_ONLY).apply();
    TenantId id = TenantId.of("acme");
    String started = unitProperty(id, "ExecMainStartTimestampMonotonic");
    String pid = unitProperty(id, "MainPID");
    String before = TlsProbe.servedSerial(acme.connection());

    String renewed = acme.renewCertificate().serialNumber();
    assertThat(renewed).isNotEqualTo(before);
    assertThat(TlsProbe.servedSerial(acme.connection())).as("served after the live reload").isEqualTo(renewed);
    assertThat(unitProperty(id, "MainPID")).as("same process").isEqualTo(pid);
    assertThat(unitProperty(id, "ExecMainStartTimestampMonotonic")).as("same start").isEqualTo(started);
    assertThat(ping(acme.connection())).isEqualTo("PONG");
    InstanceLayout.TlsFiles tls = backend.names().tlsFiles(id, acme.connection().endpoint().port());
    assertThat(stat(tls.key())).as("rewritten in place for the tenant alone")
        .isEqualTo("root:" + backend.names().user(id) + " 640");
  }

  @Test
  void aFailedCreateLeavesNothingBehind() {
    SystemdBackends.Systemd failing = SystemdLab.settings().tcpPorts(FIRST_PORT, LAST_PORT).unitName("rt-tls-fail")
        .redisServer(Path.of("/bin/false"));
    RedisTenancy tenancy = open(failing);
    try {
      assertThatThrownBy(() -> tenancy.create("acme").access(Access.TLS_ONLY).apply())
          .isInstanceOf(TenancyException.class);
      TenantId id = TenantId.of("acme");
      InstanceNames names = backend.names();
      assertThat(tenancy.tenants()).isEmpty();
      for (Path path : List.of(names.configFiles(id), List.of(names.dropInDirectory(id), names.dataDirectory(id)))
          .stream().flatMap(List::stream).toList()) {
        assertThat(SystemdLab.exec("test", "-e", path.toString()).exitCode()).as(path + " is left").isNotZero();
      }
      assertThat(SystemdLab.exec("getent", "passwd", names.user(id)).exitCode()).as("user left").isNotZero();
    } finally {
      SystemdLab.exec("sh", "-c", "rm -f /etc/systemd/system/rt-tls-fail@.service; systemctl daemon-reload");
    }
  }

  // ---------------------------------------------------------------- helpers

  /** PING with a Lettuce client of its own, built from the tenant's redisUri() and TLS options. */
  private static String ping(ConnectionInfo info) {
    return TlsProbe.ping(info, info.endpoint());
  }

  /** {@code redis-cli PING} inside the lab, the password on its standard input, the CA in a file there. */
  private static String labRedisCliPing(ConnectionInfo info, boolean tls) {
    String ca = "/tmp/rt-tls-it-ca-" + ProcessHandle.current().pid() + ".crt";
    SystemdLab.require().run(List.of("sh", "-c", "cat > \"$1\"", "sh", ca),
        info.caPem().orElseThrow().getBytes(StandardCharsets.US_ASCII));
    try {
      Endpoint e = info.endpoint();
      List<String> argv = new ArrayList<>(List.of("sh", "-c",
          "read -r REDISCLI_AUTH; export REDISCLI_AUTH; exec redis-cli \"$@\" PING", "sh",
          "-h", e.host().orElseThrow(), "-p", Integer.toString(e.port()), "--user", info.username()));
      if (tls) {
        argv.addAll(List.of("--tls", "--cacert", ca));
      }
      Result r = SystemdLab.require().run(argv, (info.password() + "\n").getBytes(StandardCharsets.UTF_8));
      return (r.stdout() + r.stderr()).strip();
    } finally {
      SystemdLab.exec("rm", "-f", ca);
    }
  }

  /** What a plaintext PING on the endpoint gets back before the server closes the connection. */
  private static String plaintextPing(Endpoint endpoint) {
    try (Socket socket = new Socket(endpoint.host().orElseThrow(), endpoint.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      socket.getInputStream().transferTo(answer);
      return answer.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static String cat(Path file) {
    return SystemdLab.exec("cat", file.toString()).stdout();
  }

  private static String stat(Path file) {
    return SystemdLab.exec("stat", "-c", "%U:%G %a", file.toString()).stdout().strip();
  }

  private String unitProperty(TenantId id, String property) {
    return SystemdLab.exec("systemctl", "show", "--property=" + property, "--value", backend.names().unit(id))
        .stdout().strip();
  }
}
