package io.redistenancy.internal.local;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Endpoint;
import java.nio.file.Path;
import java.time.Duration;

/** Real Lettuce connections to instances, over their UNIX socket (keep-alive off) or TCP. */
final class RedisClients implements AutoCloseable {
  private final RedisClient client = RedisClient.create();

  RedisClients() {
    client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().keepAlive(false).connectTimeout(Duration.ofSeconds(2)).build())
        .autoReconnect(false)
        .build());
  }

  static RedisURI socketUri(Path socket, String user, String password) {
    RedisURI.Builder b = RedisURI.Builder.socket(socket.toString()).withTimeout(Duration.ofSeconds(5));
    if (user != null) {
      b.withAuthentication(user, password);
    }
    return b.build();
  }

  static RedisURI uri(Endpoint endpoint, String user, String password) {
    if (endpoint.isUnixSocket()) {
      return socketUri(endpoint.socket().orElseThrow(), user, password);
    }
    return RedisURI.builder().withHost(endpoint.host().orElseThrow()).withPort(endpoint.port())
        .withAuthentication(user, password).withTimeout(Duration.ofSeconds(5)).build();
  }

  StatefulRedisConnection<String, String> connect(RedisURI uri) {
    return client.connect(uri);
  }

  StatefulRedisConnection<String, String> connect(TestTenant tenant, Path socket) {
    return connect(socketUri(socket, tenant.user(), tenant.password()));
  }

  /** Polls until an authenticated PING answers, as the engine does after provision. */
  void awaitPing(RedisURI uri, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RedisException last = null;
    while (System.nanoTime() < deadline) {
      try (StatefulRedisConnection<String, String> c = client.connect(uri)) {
        if ("PONG".equals(c.sync().ping())) {
          return;
        }
      } catch (RedisException e) {
        last = e;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no PING answer at " + uri.getSocket() + uri.getHost() + " within " + timeout, last);
  }

  void awaitPing(TestTenant tenant, Path socket) throws InterruptedException {
    awaitPing(socketUri(socket, tenant.user(), tenant.password()), Duration.ofSeconds(10));
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
