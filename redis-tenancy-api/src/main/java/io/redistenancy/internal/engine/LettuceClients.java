package io.redistenancy.internal.engine;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.TenancyException;
import io.redistenancy.internal.tls.LettuceTls;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Lettuce clients behind {@code Tenant.connect()}: one event loop per tenancy, created on first
 * use (it is not free), shut down with the tenancy. Plaintext tenants share one client; a TLS
 * tenant has its own (TLS trust is a client option), rebuilt when its trust material changes. TCP
 * keep-alive is off: most tenants are reached over UNIX sockets, where Netty warns about it.
 */
final class LettuceClients implements AutoCloseable {
  private ClientResources resources;
  private RedisClient plain;
  /** Per TLS tenant (and whether it presents a client certificate). */
  private final Map<String, RedisClient> tls = new HashMap<>();
  private boolean closed;

  /**
   * A connection to the tenant {@code current} describes; every reconnect authenticates and
   * verifies with what {@code current} says then (a rotated password, a renewed CA bundle).
   */
  synchronized StatefulRedisConnection<String, String> connect(RedisCodec<String, String> codec,
      Supplier<ConnectionInfo> current) {
    if (closed) {
      throw new IllegalStateException("the tenancy is closed");
    }
    ConnectionInfo info = current.get();
    RedisURI uri = info.redisUri();
    uri.setCredentialsProvider(RedisCredentialsProvider.from(
        () -> RedisCredentials.just(info.username(), current.get().password())));
    try {
      return client(info, current, uri.isSsl()).connect(codec, uri);
    } catch (RuntimeException e) {
      throw new TenancyException("Cannot connect to " + where(uri) + ": " + e.getMessage(), e);
    }
  }

  private RedisClient client(ConnectionInfo info, Supplier<ConnectionInfo> current, boolean ssl) {
    if (resources == null) {
      resources = DefaultClientResources.create();
    }
    if (!ssl) {
      if (plain == null) {
        plain = newClient(ClientOptions.builder());
      }
      return plain;
    }
    boolean mutual = info.clientCertificatePem().isPresent();
    return tls.computeIfAbsent(info.tenant() + (mutual ? " mutual" : ""), k -> newClient(ClientOptions.builder()
        .sslOptions(LettuceTls.options(current, mutual))));
  }

  private RedisClient newClient(ClientOptions.Builder options) {
    RedisClient client = RedisClient.create(resources);
    client.setOptions(options.socketOptions(SocketOptions.builder().keepAlive(false).build()).build());
    return client;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (plain != null) {
      plain.shutdown();
      plain = null;
    }
    tls.values().forEach(RedisClient::shutdown);
    tls.clear();
    if (resources != null) {
      resources.shutdown();
      resources = null;
    }
  }

  /** Describes a URI without its credentials. */
  private static String where(RedisURI uri) {
    return uri.getSocket() != null ? "unix:" + uri.getSocket() : uri.getHost() + ":" + uri.getPort();
  }
}
