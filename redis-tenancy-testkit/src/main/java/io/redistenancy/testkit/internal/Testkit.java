package io.redistenancy.testkit.internal;

import io.redistenancy.internal.Checked;
import io.redistenancy.internal.DaemonThreads;
import io.redistenancy.internal.PrivateFiles;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Deletion;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyPrefixCodec;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.testkit.Isolation;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Everything the testkit keeps for one JUnit run in one JVM: its directory, a tenancy per backend, a
 * pool or FLUSHED server per settings, the pooled server of SHARED_SERVER tests, and the shared Lettuce client. Lives in the root
 * {@code ExtensionContext.Store}, so JUnit closes it when the run ends: pools stop, tenancies close
 * (local instances stop with them), containers are deleted and the directory goes.
 */
final class Testkit implements ExtensionContext.Store.CloseableResource {
  static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Testkit.class);
  private static final System.Logger LOG = System.getLogger(Testkit.class.getName());

  private final Path directory;
  private final Duration timeout = Duration.ofSeconds(Long.getLong("redistenancy.testkit.timeout-seconds", 60));
  private final int spares = Integer.getInteger("redistenancy.testkit.spares", 2);
  private final ExecutorService background;
  private final Future<?> sweep;
  private final Map<ResolvedBackend, RedisTenancy> tenancies = new ConcurrentHashMap<>();
  private final Map<StrategyKey, IsolationStrategy> strategies = new ConcurrentHashMap<>();
  private final Map<StrategyKey, InstancePool> pools = new ConcurrentHashMap<>();
  private final Map<ResolvedBackend, SharedServerHost> sharedServers = new ConcurrentHashMap<>();
  private final Map<Settings.BackendRequest, ResolvedBackend> backends = new ConcurrentHashMap<>();
  private final AtomicInteger homeCounter = new AtomicInteger();
  private final AtomicInteger poolCounter = new AtomicInteger();
  private final ClientResources clientResources;
  private final RedisClient client;
  private final Set<CompletableFuture<Void>> closing = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private record StrategyKey(ResolvedBackend backend, Settings.PlanRequest plan, Isolation isolation) {}

  Testkit() {
    this.background = Executors.newCachedThreadPool(DaemonThreads.named("testkit"));
    Path parent = Homes.parent();
    this.directory = Homes.createForThisJvm(parent);
    this.sweep = background.submit(() -> HomeSweeper.sweep(parent));
    this.clientResources = DefaultClientResources.create();
    this.client = RedisClient.create(clientResources);
    client.setOptions(clientOptions());
  }

  static ClientOptions clientOptions() {
    return ClientOptions.builder().socketOptions(SocketOptions.builder().keepAlive(false).build()).build();
  }

  /** The run's testkit, made on first use. */
  static Testkit of(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Testkit.class, k -> new Testkit(),
        Testkit.class);
  }

  Path directory() {
    return directory;
  }

  Duration timeout() {
    return timeout;
  }

  ResolvedBackend backend(Settings.BackendRequest request, ClassLoader loader) {
    return backends.computeIfAbsent(request, r -> BackendResolver.resolve(r, loader));
  }

  /** The strategy (and so the pool) for these settings; made, and starting to warm up, on first use. */
  IsolationStrategy strategy(Settings settings, ClassLoader loader) {
    ResolvedBackend backend = backend(settings.backend(), loader);
    StrategyKey key = new StrategyKey(backend, settings.plan(), settings.isolation());
    IsolationStrategy strategy = strategies.get(key);
    return strategy != null ? strategy : strategies.computeIfAbsent(key, k -> {
      boolean flushed = k.isolation() == Isolation.FLUSHED;
      boolean shared = k.isolation() == Isolation.SHARED_SERVER;
      InstancePool pool = new InstancePool((flushed ? "f" : shared ? "a" : "p") + poolCounter.incrementAndGet(),
          shared ? sharedServer(backend).tenancy() : tenancy(backend), k.plan(), backend.plans() == null,
          !backend.docker() && !shared, flushed ? 0 : spares, background, this::warmUp);
      pools.put(k, pool);
      return flushed ? new FlushedServer(pool) : IsolationStrategy.dedicated(pool);
    });
  }

  /** The run's pooled server for SHARED_SERVER tests on this backend; started on first use. */
  private SharedServerHost sharedServer(ResolvedBackend backend) {
    if (backend.docker()) {
      throw new InvalidRequestException("Isolation.SHARED_SERVER runs its pooled server as a local redis-server "
          + "(7.0+), but this injection point asks for " + backend.describe() + "; use backend LOCAL (or AUTO "
          + "without an image), or Isolation.DEDICATED for containers");
    }
    return sharedServers.computeIfAbsent(backend, b -> SharedServerHost.start(
        directory.resolve("s" + homeCounter.incrementAndGet()), b, timeout));
  }

  /** Opens the next holder's connection in the background; a holder without one connects itself. */
  private void warmUp(PooledInstance instance) {
    if (closed || instance.connection().usesTls()) {
      return; // a TLS holder connects through a client of its own, which trusts the instance's CA
    }
    try {
      instance.warmUp(client.connectAsync(codec(instance.connection()), instance.redisUri()));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "no warm connection for " + instance.name() + ": " + e);
    }
  }

  private RedisTenancy tenancy(ResolvedBackend backend) {
    return tenancies.computeIfAbsent(backend, b -> RedisTenancy.builder()
        .home(newHome("h", b))
        .backend(b.factory())
        .plans(b.catalog())
        .readyTimeout(timeout)
        .reconcileOnOpen(false)
        .build());
  }

  /** A fresh home path below this JVM's directory, its backend recorded for the sweeper. */
  Path newHome(String kind, ResolvedBackend backend) {
    String name = kind + homeCounter.incrementAndGet();
    try {
      Files.writeString(directory.resolve(name + ".backend"), backend.marker(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Checked.failure("write in " + directory, e);
    }
    return directory.resolve(name);
  }

  /** A plaintext connection as the instance's user; on a shared server it applies the user's key prefix. */
  StatefulRedisConnection<String, String> connect(PooledInstance instance) {
    return client.connect(codec(instance.connection()), instance.redisUri());
  }

  static RedisCodec<String, String> codec(ConnectionInfo connection) {
    return connection.keyPrefix().isEmpty() ? StringCodec.UTF8 : KeyPrefixCodec.of(connection);
  }

  /**
   * A client of the test's own, on the shared event loops (cheap), trusting the instance's CA when it
   * uses TLS; the lease shuts it down.
   */
  RedisClient newClient(PooledInstance instance) {
    RedisClient own = RedisClient.create(clientResources, instance.redisUri());
    ConnectionInfo info = instance.connection();
    own.setOptions(info.usesTls() ? clientOptions().mutate().sslOptions(info.sslOptions()).build() : clientOptions());
    return own;
  }

  /** A connection being closed; the testkit waits for it before it shuts Lettuce down (which would close it again). */
  void closing(CompletableFuture<Void> close) {
    closing.add(close);
    close.whenComplete((ok, e) -> closing.remove(close));
  }

  boolean closed() {
    return closed;
  }

  /** Waits for the sweep of dead JVMs' directories started with this testkit (for tests of the sweep). */
  void awaitSweep() throws Exception {
    sweep.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    closed = true;
    pools.values().forEach(InstancePool::close);
    // creations and resets under way end first (and the sweep): none may touch a closed tenancy
    background.shutdown();
    try {
      background.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // connections first: a connection whose instance stops would try to reconnect, and log it
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.log(Level.DEBUG, () -> "connections still closing: " + e);
    }
    try {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      clientResources.shutdown(0, 2, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "lettuce shutdown: " + e);
    }
    sharedServers.values().forEach(host -> {
      try {
        host.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "redis-tenancy testkit: closing the shared server failed: " + e);
      }
    });
    tenancies.forEach((backend, tenancy) -> {
      try {
        if (backend.docker()) {
          // containers outlive the tenancy; local ATTACHED instances stop with it
          tenancy.tenants().parallelStream().forEach(Testkit::deleteQuietly);
        }
        tenancy.close();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "redis-tenancy testkit: closing " + tenancy.home() + " failed: " + e);
      }
    });
    try {
      PrivateFiles.deleteRecursively(directory);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "redis-tenancy testkit: could not delete " + directory + ": " + e.getMessage());
    }
  }

  private static void deleteQuietly(Tenant tenant) {
    try {
      tenant.delete(Deletion.PURGE);
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, () -> "delete " + tenant.name() + ": " + e);
    }
  }
}
