package io.redistenancy.internal.engine;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.redistenancy.TenancyException;

/**
 * The Lettuce client behind {@code Tenant.connect()}: one per tenancy, created on first use (an event
 * loop is not free), shut down with the tenancy. TCP keep-alive is off: most tenants are reached over
 * UNIX sockets, where Netty warns about it.
 */
final class LettuceClients implements AutoCloseable {
  private RedisClient client;
  private boolean closed;

  synchronized StatefulRedisConnection<String, String> connect(RedisCodec<String, String> codec, RedisURI uri) {
    if (closed) {
      throw new IllegalStateException("the tenancy is closed");
    }
    if (client == null) {
      client = RedisClient.create();
      client.setOptions(ClientOptions.builder()
          .socketOptions(SocketOptions.builder().keepAlive(false).build())
          .build());
    }
    try {
      return client.connect(codec, uri);
    } catch (RuntimeException e) {
      throw new TenancyException("Cannot connect to " + where(uri) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (client != null) {
      client.shutdown();
      client = null;
    }
  }

  /** Describes a URI without its credentials. */
  private static String where(RedisURI uri) {
    return uri.getSocket() != null ? "unix:" + uri.getSocket() : uri.getHost() + ":" + uri.getPort();
  }
}
