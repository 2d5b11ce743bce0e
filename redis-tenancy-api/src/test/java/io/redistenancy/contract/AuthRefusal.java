package io.redistenancy.contract;

import io.redistenancy.Endpoint;
import io.redistenancy.internal.resp.RespConnection;
import io.redistenancy.internal.resp.RespException;
import java.io.IOException;
import java.time.Duration;

/**
 * What the server replies to a refused {@code AUTH}, read on a raw connection. Lettuce's handshake can
 * report a refused AUTH as its own race ("RedisHandshakeHandler not registered") instead of the
 * server's WRONGPASS, which made assertions on its exceptions flaky.
 */
public final class AuthRefusal {
  private AuthRefusal() {}

  /** The error reply to {@code AUTH user password} on a plaintext {@code endpoint}; fails if AUTH succeeds. */
  public static String of(Endpoint endpoint, String user, String password) throws IOException {
    try (RespConnection raw = RespConnection.open(endpoint, Duration.ofSeconds(5))) {
      raw.auth(user, password);
    } catch (RespException refused) {
      return refused.getMessage();
    }
    throw new AssertionError("AUTH as " + user + " on " + endpoint + " was accepted");
  }
}
