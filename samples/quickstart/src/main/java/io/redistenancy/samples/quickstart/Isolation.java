package io.redistenancy.samples.quickstart;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.redistenancy.ConnectionInfo;
import java.time.Duration;

/**
 * Tries one tenant's credentials on another tenant's endpoint, the way a curious customer would: a
 * plain Lettuce client, nothing from the library.
 */
final class Isolation {
  private Isolation() {}

  /**
   * Returns the server's refusal ({@code WRONGPASS …} or {@code NOAUTH …}).
   *
   * @throws IllegalStateException if the intruder got in: isolation is broken
   */
  static String refusal(ConnectionInfo intruder, ConnectionInfo target) {
    RedisURI uri = RedisURI.builder(target.redisUri())
        .withAuthentication(intruder.username(), intruder.password().toCharArray())
        .withTimeout(Duration.ofSeconds(5))
        .build();
    RedisClient client = RedisClient.create();
    // one attempt, no reconnect loop; keep-alive off because the endpoint may be a UNIX socket
    client.setOptions(ClientOptions.builder()
        .autoReconnect(false)
        .socketOptions(SocketOptions.builder().keepAlive(false).build())
        .build());
    try (var conn = client.connect(uri)) {
      throw new IllegalStateException("Isolation is broken: tenant " + intruder.tenant() + "'s credentials opened a "
          + "connection to tenant " + target.tenant() + " (PING answered " + conn.sync().ping() + ")");
    } catch (RedisConnectionException e) {
      return authError(e);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The AUTH error inside Lettuce's connection exception; anything else is not a refusal. */
  private static String authError(RedisConnectionException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
        return message;
      }
    }
    throw new IllegalStateException("Expected an authentication refusal but the connection failed otherwise: " + e, e);
  }
}
