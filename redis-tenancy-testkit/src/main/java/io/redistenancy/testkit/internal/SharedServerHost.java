package io.redistenancy.testkit.internal;

import io.redistenancy.internal.Checked;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backends;
import io.redistenancy.Deletion;
import io.redistenancy.Endpoint;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.RedisTenancy;
import io.redistenancy.SharedServers;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.PrivateFiles;
import io.redistenancy.spi.AclUser;
import io.redistenancy.spi.Backend;
import io.redistenancy.spi.BackendContext;
import io.redistenancy.spi.Instance;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.InstanceSpec;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The pooled server of {@code Isolation.SHARED_SERVER}: one local {@code redis-server} per backend for
 * the run, started through the local backend (so it listens on TCP, which the shared-servers backend
 * needs, and dies with the JVM, also on {@code kill -9}), with an admin user whose password only this
 * object knows. On it, a {@code Backends.sharedServers()} tenancy makes each test's tenant an ACL user
 * with the key prefix {@code NAME:}.
 */
final class SharedServerHost implements AutoCloseable {
  private static final TenantId SERVER = TenantId.of("shared");

  private final Backend local;
  private final RedisTenancy tenancy;

  private SharedServerHost(Backend local, RedisTenancy tenancy) {
    this.local = local;
    this.tenancy = tenancy;
  }

  /**
   * Starts the server below {@code directory} and opens the shared tenancy on it.
   *
   * @param backend a local backend (its redis-server must be 7.0+)
   */
  static SharedServerHost start(Path directory, ResolvedBackend backend, Duration timeout) {
    Backends.Local settings = backend.withTcp().local();
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    Backend local = settings.create(new Context(PrivateFiles.directory(directory.resolve("server"))));
    try {
      Plan plan = Plan.builder("testkit-shared").persistence(Persistence.NONE).build();
      local.provision(new InstanceSpec(SERVER, plan,
          List.of(new AclUser(AclUser.ADMIN_NAME, AclUser.Role.ADMIN, List.of(sha256(password))))));
      Endpoint tcp = awaitPong(local, password, timeout);
      RedisTenancy tenancy = RedisTenancy.builder()
          .home(directory.resolve("tenants"))
          .backend(Backends.sharedServers().server(tcp.host().orElseThrow(), tcp.port())
              .admin(AclUser.ADMIN_NAME, password)
              // a server for one test run, rendered by the local backend with Redis's defaults for these
              .acceptRisks(SharedServers.Risk.UNLIMITED_OUTPUT_BUFFERS, SharedServers.Risk.UNLIMITED_CLIENT_MEMORY,
                  SharedServers.Risk.HUGE_REQUESTS))
          .plans(backend.catalog())
          .readyTimeout(timeout)
          .reconcileOnOpen(false)
          .build();
      return new SharedServerHost(local, tenancy);
    } catch (RuntimeException e) {
      closeQuietly(local);
      throw e;
    }
  }

  RedisTenancy tenancy() {
    return tenancy;
  }

  @Override
  public void close() {
    try {
      tenancy.close();
    } finally {
      closeQuietly(local);
    }
  }

  private static void closeQuietly(Backend local) {
    try {
      local.remove(SERVER, Deletion.PURGE);
    } catch (RuntimeException e) {
      // the instance is ATTACHED: it ends with the JVM anyway
    }
    local.close();
  }

  /**
   * The engine normally waits for a new instance; this server bypasses the engine, so it waits itself.
   * Its TCP endpoint is read again on each try: when another test JVM took the port first, the local
   * backend restarts the server on the next free one. Only this server knows the admin password, so a
   * PONG is from it.
   */
  private static Endpoint awaitPong(Backend local, String password, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RedisClient client = RedisClient.create();
    try {
      RuntimeException last = null;
      Endpoint tcp = null;
      while (System.nanoTime() < deadline) {
        try {
          Instance instance = local.start(SERVER); // the running one, as it is now
          tcp = instance.endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst()
              .orElseThrow(() -> new TenancyException("the shared test server has no TCP endpoint: " + instance));
          RedisURI uri = RedisURI.builder().withHost(tcp.host().orElseThrow()).withPort(tcp.port())
              .withAuthentication(AclUser.ADMIN_NAME, password.toCharArray()).withTimeout(Duration.ofSeconds(2))
              .build();
          try (StatefulRedisConnection<String, String> conn = client.connect(uri)) {
            if ("PONG".equals(conn.sync().ping())) {
              return tcp;
            }
          }
        } catch (RuntimeException e) {
          last = e;
        }
        Thread.sleep(20);
      }
      throw new TenancyException("the shared test server (last on " + tcp + ") did not answer PING within " + timeout,
          last);
    } catch (InterruptedException e) {
      throw Checked.interrupted("starting the shared test server", e);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** What the local backend needs from an engine; crashes of the server surface as failing tests. */
  private static final class Context implements BackendContext, InstanceEvents {
    // one for the JVM: the testkit's servers live as long as it, on daemon threads
    private static final ScheduledExecutorService SCHEDULER = DaemonThreads.scheduler("testkit-server", 1);
    private final Path home;
    private final String owner = HexFormat.of().formatHex(new SecureRandom().generateSeed(8));

    Context(Path home) {
      this.home = home;
    }

    @Override
    public Path home() {
      return home;
    }

    @Override
    public Path workDirectory() {
      return PrivateFiles.directory(home.resolve("local"));
    }

    @Override
    public String ownerId() {
      return owner;
    }

    @Override
    public InstanceEvents events() {
      return this;
    }

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public ScheduledExecutorService scheduler() {
      return SCHEDULER;
    }

    @Override
    public void crashed(TenantId id, String detail) {}

    @Override
    public void restarted(TenantId id, String detail) {}

    @Override
    public void failed(TenantId id, String reason) {}
  }
}
