package io.redistenancy.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.redistenancy.Access;
import io.redistenancy.Backends;
import io.redistenancy.ClientAuth;
import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.contract.TestFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients configured by nothing but a tenant's handover, copied away from where {@code writeTo()} put it:
 * redis-cli, redis-py, ioredis and Lettuce, on a socket-only tenant ({@code unix://}), a socket + TCP one ({@code
 * redis://}) and a socket + mutual-TLS one ({@code rediss://} with a client certificate). Errors caused on purpose
 * (a database that does not exist, a port that refuses) must not show the password.
 */
class HandoverClientsIT {
  private static final int FIRST_PORT = 46300;
  private static final int LAST_PORT = 46349;
  private static final Path NODE_MODULES = Path.of("").toAbsolutePath().getParent()
      .resolve("target/test-clients/node/node_modules");

  private static Path root;
  private static RedisTenancy withPorts;
  private static RedisTenancy socketsOnly;
  /** The relocated handover directories, by tenant: solo (socket), acme (socket + TCP), mutual (socket + mTLS). */
  private static final Map<String, Path> handovers = new LinkedHashMap<>();

  @BeforeAll
  static void tenantsAndTheirRelocatedHandovers() throws Exception {
    root = Files.createTempDirectory(Path.of("/tmp"), "rt-handover-");
    withPorts = RedisTenancy.builder().home(root.resolve("home"))
        .backend(Backends.local().tcpPorts(FIRST_PORT, LAST_PORT)).build();
    socketsOnly = RedisTenancy.builder().home(root.resolve("sockets-home")).backend(Backends.local()).build();
    relocate(socketsOnly.create("solo").apply());
    relocate(withPorts.create("acme").apply());
    relocate(withPorts.create("mutual").access(Access.DUAL).clientAuth(ClientAuth.REQUIRED).apply());
  }

  /** Writes the handover, copies it to the customer's directory and deletes the original. */
  private static void relocate(Tenant tenant) throws Exception {
    Path written = root.resolve("written-" + tenant.name());
    Path customer = Files.createDirectories(root.resolve("customer/" + tenant.name()));
    for (Path file : tenant.handover().writeTo(written)) {
      Files.copy(file, customer.resolve(file.getFileName()));
    }
    TestFiles.deleteQuietly(written);
    handovers.put(tenant.name(), customer);
  }

  @AfterAll
  static void cleanUp() {
    for (RedisTenancy tenancy : new RedisTenancy[] {withPorts, socketsOnly}) {
      if (tenancy != null) {
        tenancy.tenants().forEach(t -> t.delete(Deletion.PURGE));
        tenancy.close();
      }
    }
    TestFiles.deleteQuietly(root);
  }

  @Test
  void theUrlsAreStandardAndTheTlsFilesLieInTheMovedDirectory() throws Exception {
    assertThat(env("solo", "REDIS_URL")).startsWith("unix://solo:");
    assertThat(env("acme", "REDIS_URL")).startsWith("redis://acme:").isEqualTo(env("acme", "REDIS_TCP_URL"));
    assertThat(env("acme", "REDIS_SOCKET_URL")).startsWith("unix://acme:");
    assertThat(env("mutual", "REDIS_URL")).startsWith("rediss://mutual:").isEqualTo(env("mutual", "REDIS_TLS_URL"));
    for (String file : List.of("REDIS_TLS_CA_FILE", "REDIS_TLS_CERT_FILE", "REDIS_TLS_KEY_FILE")) {
      assertThat(handovers.get("mutual").resolve(env("mutual", file))).as(file).isRegularFile();
    }
    for (Path dir : handovers.values()) {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          assertThat(Files.readString(file)).as(file.toString()).doesNotContain(root.resolve("written-").toString())
              .doesNotContain("redis-socket:");
        }
      }
    }
  }

  @Test
  void redisCliConnectsOnTheSocketOverTcpAndOverTlsWithTheClientCertificate() throws Exception {
    // redis-cli -u takes redis:// and rediss:// only: the socket is given with -s
    assertThat(redisCli("solo", "-s", env("solo", "REDIS_SOCKET"), "--user", env("solo", "REDIS_USERNAME")).output())
        .isEqualTo("OK\nredis-cli");
    assertThat(redisCli("acme", "-u", env("acme", "REDIS_TCP_URL")).output()).isEqualTo("OK\nredis-cli");
    // run in the handover's directory, as a shell user who sourced the .env would: the names are relative to it
    assertThat(redisCli("mutual", "-u", env("mutual", "REDIS_URL"), "--cacert", env("mutual", "REDIS_TLS_CA_FILE"),
        "--cert", env("mutual", "REDIS_TLS_CERT_FILE"), "--key", env("mutual", "REDIS_TLS_KEY_FILE")).output())
        .isEqualTo("OK\nredis-cli");
  }

  @Test
  void redisPyConnectsWithFromUrlOnEveryKindOfEndpoint() throws Exception {
    assumeThat(redisPyInstalled()).as("redis-py (Debian python3-redis) is installed by scripts/setup-clients.sh"
        + " (./test runs it, as root)").isTrue();
    for (String[] use : new String[][] {{"solo", "REDIS_URL"}, {"acme", "REDIS_URL"}, {"acme", "REDIS_SOCKET_URL"},
        {"mutual", "REDIS_URL"}, {"mutual", "REDIS_SOCKET_URL"}}) {
      assertThat(redisPy(use[0], use[1], null).output()).as(use[0] + " " + use[1]).isEqualTo("PONG redis-py");
    }
  }

  @Test
  void ioredisConnectsOnEveryKindOfEndpoint() throws Exception {
    assumeIoredis();
    for (String[] use : new String[][] {{"solo", "REDIS_URL"}, {"acme", "REDIS_URL"}, {"acme", "REDIS_SOCKET_URL"},
        {"mutual", "REDIS_URL"}, {"mutual", "REDIS_SOCKET_URL"}}) {
      assertThat(ioredis(use[0], use[1], null).output()).as(use[0] + " " + use[1]).isEqualTo("PONG ioredis");
    }
  }

  @Test
  void lettuceConnectsWithTheUrlAndTheTlsFiles() throws Exception {
    assertThat(lettuce("acme", env("acme", "REDIS_URL"))).isEqualTo("PONG");
    assertThat(lettuce("mutual", env("mutual", "REDIS_URL"))).isEqualTo("PONG");
    // Lettuce has no unix:// scheme: a socket is given by its path
    RedisURI socket = RedisURI.Builder.socket(env("solo", "REDIS_SOCKET"))
        .withAuthentication(env("solo", "REDIS_USERNAME"), env("solo", "REDIS_PASSWORD").toCharArray()).build();
    assertThat(lettuce("solo", socket)).isEqualTo("PONG");
  }

  @Test
  void noClientErrorShowsThePassword() throws Exception {
    try (Socket refusing = new Socket()) {
      refusing.bind(new InetSocketAddress("127.0.0.1", 0)); // holds a port on which nothing listens
      // redis-cli and ioredis report a failed SELECT and go on in database 0: the report is what counts
      List<String> errors = new ArrayList<>();
      for (String tenant : List.of("acme", "mutual")) {
        String url = env(tenant, "REDIS_URL");
        String wrongDb = url + "/99";
        String closedPort = url.replaceFirst(":\\d+$", ":" + refusing.getLocalPort());
        for (String bad : List.of(wrongDb, closedPort)) {
          String label = tenant + " " + (bad == wrongDb ? "db 99" : "closed port");
          errors.add(label + " redis-cli: " + redisCli(tenant, "-u", bad, "--cacert",
              handovers.get(tenant).resolve(tenant + "-ca.crt").toString()).output());
          if (redisPyInstalled()) {
            errors.add(label + " redis-py: " + redisPy(tenant, "REDIS_URL", bad).output());
          }
          if (Files.isDirectory(NODE_MODULES.resolve("ioredis"))) {
            errors.add(label + " ioredis: " + ioredis(tenant, "REDIS_URL", bad).output());
          }
          errors.add(label + " Lettuce: " + lettuceError(tenant, bad));
        }
      }
      if (redisPyInstalled()) {
        errors.add("solo db 99 redis-py: " + redisPy("solo", "REDIS_URL", env("solo", "REDIS_URL") + "?db=99").output());
      }
      for (String error : errors) {
        String tenant = error.substring(0, error.indexOf(' '));
        assertThat(error).as("an error was caused").containsAnyOf("out of range", "refused", "Refused", "ECONNREFUSED",
            "Could not connect", "Unable to connect", "index");
        assertThat(error).doesNotContain(env(tenant, "REDIS_PASSWORD"));
      }
    }
  }

  private static String env(String tenant, String variable) throws Exception {
    Path file = handovers.get(tenant).resolve(tenant + ".env");
    return Files.readAllLines(file).stream().filter(l -> l.startsWith(variable + "=")).findFirst()
        .map(l -> l.substring(variable.length() + 1))
        .orElseThrow(() -> new AssertionError(variable + " missing from " + file));
  }

  private record Run(int exitCode, String output) {}

  /** SET then GET with redis-cli in the tenant's handover directory; the password, where not in a URL, from REDISCLI_AUTH. */
  private static Run redisCli(String tenant, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--no-auth-warning", "-e"));
    command.addAll(List.of(args));
    boolean tls = String.join(" ", args).contains("rediss://");
    if (tls && !command.contains("--cert")) {
      // the mutual-TLS tenant's errors come after the handshake, which needs the client certificate
      command.addAll(List.of("--cert", env(tenant, "REDIS_TLS_CERT_FILE"), "--key", env(tenant, "REDIS_TLS_KEY_FILE")));
    } else if (!tls) {
      command.removeIf(a -> a.equals("--cacert") || a.endsWith("-ca.crt"));
    }
    Run set = run(tenant, command, "SET", "handover", "redis-cli");
    if (set.exitCode() != 0 || !set.output().equals("OK")) {
      return set;
    }
    Run get = run(tenant, command, "GET", "handover");
    return new Run(get.exitCode(), set.output() + "\n" + get.output());
  }

  private static Run run(String tenant, List<String> base, String... commandArgs) throws Exception {
    List<String> command = new ArrayList<>(base);
    command.addAll(List.of(commandArgs));
    return run(tenant, command, Map.of("REDISCLI_AUTH", env(tenant, "REDIS_PASSWORD")));
  }

  private static Run redisPy(String tenant, String variable, String url) throws Exception {
    return script(tenant, List.of("/usr/bin/python3", script("redis_py_client.py")), variable, url, Map.of());
  }

  private static Run ioredis(String tenant, String variable, String url) throws Exception {
    return script(tenant, List.of("node", script("ioredis_client.js")), variable, url,
        Map.of("NODE_PATH", NODE_MODULES.toString()));
  }

  private static boolean redisPyInstalled() throws InterruptedException {
    try {
      return new ProcessBuilder("/usr/bin/python3", "-c", "import redis").start().waitFor() == 0;
    } catch (java.io.IOException noPython) {
      return false;
    }
  }

  private static void assumeIoredis() {
    assumeThat(NODE_MODULES.resolve("ioredis")).as("ioredis is installed by scripts/setup-clients.sh (./test runs it)")
        .isDirectory();
  }

  private static String script(String name) throws URISyntaxException {
    return Path.of(HandoverClientsIT.class.getResource("/handover-clients/" + name).toURI()).toString();
  }

  /** A client script given the .env and the variable to use; {@code url}, where not null, replaces it (via the environment). */
  private static Run script(String tenant, List<String> interpreter, String variable, String url,
      Map<String, String> environment) throws Exception {
    List<String> command = new ArrayList<>(interpreter);
    command.add(handovers.get(tenant).resolve(tenant + ".env").toString());
    command.add(variable);
    Map<String, String> env = new LinkedHashMap<>(environment);
    if (url != null) {
      env.put("URL", url);
    }
    return run(tenant, command, env);
  }

  private static Run run(String tenant, List<String> command, Map<String, String> environment) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(handovers.get(tenant).toFile()).redirectErrorStream(true);
    pb.environment().putAll(environment);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command.get(0) + " finished").isTrue();
    return new Run(p.exitValue(), out);
  }

  private static String lettuce(String tenant, String url) throws Exception {
    return lettuce(tenant, RedisURI.create(url));
  }

  /** PING with a Lettuce client of its own, TLS options built from the handover's files. */
  private static String lettuce(String tenant, RedisURI uri) throws Exception {
    RedisClient client = RedisClient.create();
    try {
      if (uri.isSsl()) {
        Path dir = handovers.get(tenant);
        client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder()
            .trustManager(dir.resolve(env(tenant, "REDIS_TLS_CA_FILE")).toFile())
            .keyManager(dir.resolve(env(tenant, "REDIS_TLS_CERT_FILE")).toFile(),
                dir.resolve(env(tenant, "REDIS_TLS_KEY_FILE")).toFile(), null)
            .build()).build());
      }
      try (var conn = client.connect(uri)) {
        return conn.sync().ping();
      }
    } finally {
      client.shutdown();
    }
  }

  /** The whole report of a failed Lettuce connection: messages and stack traces of the exception and its causes. */
  private static String lettuceError(String tenant, String url) {
    StringWriter trace = new StringWriter();
    assertThatThrownBy(() -> lettuce(tenant, url)).satisfies(e -> e.printStackTrace(new PrintWriter(trace)));
    return trace.toString();
  }
}
