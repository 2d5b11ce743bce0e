package io.redistenancy.docker;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.redistenancy.Endpoint;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.contract.TestPasswords;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the integration tests share: the engine, the image, a test context, specs and clients. */
final class DockerTestSupport {
  static final String IMAGE_PROPERTY = "redistenancy.docker.image";
  static final String IMAGE_ENV = "REDIS_TENANCY_DOCKER_IMAGE";
  static final String DEFAULT_IMAGE = "redis-tenancy-test/redis:7.0";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern OWNER_ID = Pattern.compile("\"ownerId\"\\s*:\\s*\"([^\"]+)\"");

  private DockerTestSupport() {}

  /** The image under test: the system property, else the environment, else the local test image. */
  static String image() {
    String image = System.getProperty(IMAGE_PROPERTY);
    if (image == null || image.isBlank()) {
      image = System.getenv(IMAGE_ENV);
    }
    return image == null || image.isBlank() ? DEFAULT_IMAGE : image;
  }

  /** A raw docker-java client for the tests' own checks. */
  static DockerClient dockerClient() {
    return dockerClient(DefaultDockerClientConfig.createDefaultConfigBuilder().build());
  }

  /** The same for the engine at {@code host} (a DOCKER_HOST value). */
  static DockerClient dockerClient(String host) {
    return dockerClient(DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build());
  }

  private static DockerClient dockerClient(DockerClientConfig config) {
    return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost()).sslConfig(config.getSSLConfig())
        .connectionTimeout(Duration.ofSeconds(3)).responseTimeout(Duration.ofSeconds(60)).build());
  }

  /**
   * Why the integration tests cannot run here (no engine, or no image), or null if they can. Printed
   * once to stderr as well, so a skip is visible in the build log.
   */
  static String unavailableReason(DockerClient docker) {
    String host = DefaultDockerClientConfig.createDefaultConfigBuilder().build().getDockerHost().toString();
    String reason = null;
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      reason = "no Docker engine answers at " + host + " (" + firstLine(root.toString())
          + "); run scripts/setup-docker.sh or set DOCKER_HOST";
    }
    if (reason == null) {
      try {
        docker.inspectImageCmd(image()).exec();
      } catch (RuntimeException e) {
        reason = "image " + image() + " is not on the Docker engine at " + host + "; run scripts/setup-docker.sh or set -D"
            + IMAGE_PROPERTY + " / " + IMAGE_ENV;
      }
    }
    if (reason != null) {
      System.err.println("SKIPPING Docker integration tests: " + reason);
    }
    return reason;
  }

  /** Skips the calling test, with the reason, if {@code reason} is not null. */
  static void assumeAvailable(String reason) {
    assumeTrue(reason == null, () -> "SKIPPED: " + reason);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The backend settings every test starts from: the test image, a socket, and TCP from 127.0.0.1. */
  static DockerBackends.Docker settings(int firstPort) {
    return DockerBackends.docker().image(image()).tcp("127.0.0.1", firstPort, firstPort + 99)
        .stopTimeout(Duration.ofSeconds(5));
  }

  /** A tenant's spec and its user's password in clear. */
  record TestTenant(InstanceSpec spec, String password) {
    TenantId id() {
      return spec.id();
    }

    String user() {
      return spec.id().value();
    }
  }

  static TestTenant tenant(String name, long maxMemoryMb, Persistence persistence) {
    String tenantPassword = password();
    Plan plan = Plan.builder("test").maxMemory(MemorySize.ofMegabytes(maxMemoryMb)).persistence(persistence).build();
    InstanceSpec spec = new InstanceSpec(TenantId.of(name), plan, List.of(
        new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(sha256(password()))),
        new AclUser(name, AclUser.Role.TENANT, List.of(sha256(tenantPassword)))));
    return new TestTenant(spec, tenantPassword);
  }

  static String password() {
    return TestPasswords.random();
  }

  static String sha256(String text) {
    return TestPasswords.sha256(text);
  }

  /** The owner id a tenancy recorded in its home. */
  static String ownerId(Path home) {
    try {
      Matcher m = OWNER_ID.matcher(Files.readString(home.resolve("tenancy.json")));
      if (!m.find()) {
        throw new AssertionError("no ownerId in " + home.resolve("tenancy.json"));
      }
      return m.group(1);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String randomOwner() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return "it" + HexFormat.of().formatHex(bytes);
  }

  /** A Lettuce client for one endpoint, as the given user; keep-alive off for sockets. */
  static RedisClient client(ClientResources resources, Endpoint endpoint, String user, String password) {
    RedisURI.Builder uri = endpoint.isUnixSocket()
        ? RedisURI.Builder.socket(endpoint.socket().orElseThrow().toString())
        : RedisURI.Builder.redis(endpoint.host().orElseThrow(), endpoint.port());
    RedisClient client = RedisClient.create(resources, uri.withAuthentication(user, password)
        .withTimeout(Duration.ofSeconds(5)).build());
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().keepAlive(!endpoint.isUnixSocket())
            .connectTimeout(Duration.ofSeconds(2)).build())
        .autoReconnect(false)
        .build());
    return client;
  }

  static ClientResources resources() {
    return DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
  }

  /** Connects as {@code user} until an authenticated PING answers, or fails after {@code timeout}. */
  static StatefulRedisConnection<String, String> awaitPing(ClientResources resources, Endpoint endpoint,
      String user, String password, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      RedisClient client = client(resources, endpoint, user, password);
      try {
        StatefulRedisConnection<String, String> conn = client.connect();
        if ("PONG".equals(conn.sync().ping())) {
          return new ClosingConnection(client, conn).connection();
        }
        conn.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      } catch (RuntimeException e) {
        last = e;
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
      }
      sleep(10);
    }
    throw new AssertionError("no authenticated PING from " + endpoint + " within " + timeout, last);
  }

  /** Keeps the client with its connection so both close together. */
  private record ClosingConnection(RedisClient client, StatefulRedisConnection<String, String> conn) {
    StatefulRedisConnection<String, String> connection() {
      CLIENTS.add(client);
      return conn;
    }
  }

  private static final List<RedisClient> CLIENTS = new CopyOnWriteArrayList<>();

  /** Shuts down every client {@link #awaitPing} made. */
  static void shutdownClients() {
    for (RedisClient c : CLIENTS) {
      c.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
    CLIENTS.clear();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A test tenancy's context: a temp home (0700), a random owner id and recorded events. */
  static final class TestContext implements BackendContext {
    // one for the whole test JVM: daemon threads, so it needs no shutdown
    private static final ScheduledExecutorService SCHEDULER = DaemonThreads.scheduler("test", 2);
    final Path home;
    final String ownerId;
    final RecordingEvents events = new RecordingEvents();

    TestContext(Path parent, String ownerId) throws IOException {
      this.home = Files.createDirectory(parent.resolve(ownerId),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      this.ownerId = ownerId;
    }

    @Override
    public Path home() {
      return home;
    }

    @Override
    public Path workDirectory() {
      Path dir = home.resolve("docker");
      try {
        if (!Files.isDirectory(dir)) {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return dir;
    }

    @Override
    public String ownerId() {
      return ownerId;
    }

    @Override
    public InstanceEvents events() {
      return events;
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public ScheduledExecutorService scheduler() {
      return SCHEDULER;
    }
  }

  /** Records every event as {@code kind tenant: detail}. */
  static final class RecordingEvents implements InstanceEvents {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void crashed(TenantId id, String detail) {
      events.add("crashed " + id + ": " + detail);
    }

    @Override
    public void restarted(TenantId id, String detail) {
      events.add("restarted " + id + ": " + detail);
    }

    @Override
    public void failed(TenantId id, String reason) {
      events.add("failed " + id + ": " + reason);
    }
  }
}
