package io.redistenancy.testkit.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Tenant;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One holder's instance, in the JUnit store of its scope (a test, a class, the run), so JUnit gives it
 * back when the scope ends, whatever the test did. What was made for injection (a connection, a
 * client) is closed first; the instance then returns to its pool, which resets it in the background.
 */
final class Lease implements ExtensionContext.Store.CloseableResource {
  private final Testkit testkit;
  private final IsolationStrategy strategy;
  private final PooledInstance instance;
  private StatefulRedisConnection<String, String> connection;
  private RedisClient client;
  private boolean released;

  Lease(Testkit testkit, IsolationStrategy strategy, PooledInstance instance) {
    this.testkit = testkit;
    this.strategy = strategy;
    this.instance = instance;
  }

  /** An object of {@code type} for this instance; {@link Injection#supports(Class)} said it can. */
  synchronized Object provide(Class<?> type) {
    if (released) {
      throw new IllegalStateException("the Redis instance " + instance.name() + " was released already");
    }
    if (type == RedisURI.class) {
      return instance.redisUri();
    }
    if (type == ConnectionInfo.class) {
      return instance.connection();
    }
    if (type == Tenant.class) {
      return instance.tenant();
    }
    if (type == StatefulRedisConnection.class) {
      if (connection == null) {
        connection = instance.takeWarmConnection();
      }
      if (connection == null) {
        connection = instance.connection().usesTls()
            ? ownClient().connect(Testkit.codec(instance.connection()), instance.redisUri())
            : testkit.connect(instance);
      }
      return connection;
    }
    if (type == RedisClient.class) {
      return ownClient();
    }
    throw new IllegalArgumentException("cannot inject " + type.getName());
  }

  private RedisClient ownClient() {
    if (client == null) {
      client = testkit.newClient(instance);
    }
    return client;
  }

  PooledInstance instance() {
    return instance;
  }

  String instanceName() {
    return instance.name();
  }

  @Override
  public synchronized void close() {
    if (released) {
      return;
    }
    released = true;
    if (testkit.closed()) {
      return; // the testkit closed its connections and instances already
    }
    CompletableFuture<Void> closed = CompletableFuture.completedFuture(null);
    try {
      if (connection != null) {
        closed = connection.closeAsync();
        testkit.closing(closed);
      }
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    } finally {
      // reset only once the connection is gone: the reset's CLIENT KILL would make it reconnect
      closed.whenComplete((ok, e) -> strategy.release(instance));
    }
  }
}
