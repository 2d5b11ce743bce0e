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
  private static final int MAX_ATTEMPTS = 5;
  private static final String HANDSHAKE_RACE = "RedisHandshakeHandler not registered";

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
    try {
      for (int attempt = 1; ; attempt++) {
        try (var conn = client.connect(uri)) {
          throw new IllegalStateException("Isolation is broken: tenant " + intruder.tenant() + "'s credentials opened "
              + "a connection to tenant " + target.tenant() + " (PING answered " + conn.sync().ping() + ")");
        } catch (RedisConnectionException e) {
          String refusal = authError(e);
          if (refusal != null) {
            return refusal;
          }
          // Lettuce can lose a fast refusal in its own handshake race and report only
          // "RedisHandshakeHandler not registered"; asking again shows the server's answer
          if (attempt == MAX_ATTEMPTS || !causedBy(e, HANDSHAKE_RACE)) {
            throw new IllegalStateException("Expected an authentication refusal but the connection failed otherwise: "
                + e, e);
          }
        }
      }
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The AUTH error inside Lettuce's connection exception, or null. */
  private static String authError(RedisConnectionException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")) {
        return message;
      }
    }
    return null;
  }

  private static boolean causedBy(Throwable e, String message) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (message.equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }
}
