package io.redistenancy.testkit.internal;

import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.Plan;
import io.redistenancy.Tenant;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One warm instance: a tenant of a pool's tenancy, with its connection details read once (they do not
 * change while it lives). Handed to one holder at a time; the flag makes a double hand-out a loud bug.
 */
final class PooledInstance {
  private final Tenant tenant;
  private final ConnectionInfo connection;
  private final Plan plan;
  private final Path log;
  private final AtomicBoolean inUse = new AtomicBoolean();
  private volatile int uses;
  private volatile ConnectionFuture<StatefulRedisConnection<String, String>> warm;

  /** @param log the instance's log file, or null when it has none on this host (Docker) */
  PooledInstance(Tenant tenant, ConnectionInfo connection, Plan plan, Path log) {
    this.tenant = tenant;
    this.log = log;
    this.connection = connection;
    this.plan = plan;
  }

  Tenant tenant() {
    return tenant;
  }

  String name() {
    return tenant.name();
  }

  ConnectionInfo connection() {
    return connection;
  }

  /**
   * A fresh URI each time (RedisURI is mutable and a test may change its copy): the TLS endpoint of a
   * TLS instance, else its first endpoint.
   */
  RedisURI redisUri() {
    return connection.endpoints().stream().filter(Endpoint::isTls).findFirst()
        .map(connection::redisUri).orElseGet(connection::redisUri);
  }

  /** The plan the pool asked for; the instance is discarded when a test changed it (a resize). */
  Plan plan() {
    return plan;
  }

  /** The instance's log file on this host, or null. */
  Path log() {
    return log;
  }

  /** A connection being opened in the background for the next holder, so its first command is not a connect. */
  void warmUp(ConnectionFuture<StatefulRedisConnection<String, String>> connecting) {
    warm = connecting;
  }

  /** The connection opened for this holder, or null when none is (it failed, or nobody opened one). */
  StatefulRedisConnection<String, String> takeWarmConnection() {
    ConnectionFuture<StatefulRedisConnection<String, String>> connecting = warm;
    warm = null;
    if (connecting == null) {
      return null;
    }
    try {
      return connecting.get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
  }

  /** Closes the warm connection the holder did not take (the reset would disconnect it anyway). */
  void dropWarmConnection() {
    ConnectionFuture<StatefulRedisConnection<String, String>> connecting = warm;
    warm = null;
    if (connecting != null) {
      connecting.thenAccept(StatefulRedisConnection::closeAsync);
    }
  }

  int uses() {
    return uses;
  }

  void handOut() {
    if (!inUse.compareAndSet(false, true)) {
      throw new IllegalStateException("testkit bug: instance " + name() + " handed out while in use");
    }
    uses++;
  }

  void takeBack() {
    if (!inUse.compareAndSet(true, false)) {
      throw new IllegalStateException("testkit bug: instance " + name() + " returned twice");
    }
  }
}
