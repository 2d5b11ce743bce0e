package io.redistenancy.contract;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import io.redistenancy.Tenant;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Whether a tenant's TCP endpoint in {@code connection()} reaches its own instance: the port tests' misroute check. */
public final class OwnInstance {
  private OwnInstance() {}

  /**
   * Writes a unique value over the TCP endpoint of connection() and reads it back over the tenant's
   * own socket; a refused password or connection there is a misroute too. Empty if all is well.
   */
  public static Optional<String> misroute(RedisClient client, Tenant tenant) {
    ConnectionInfo info = tenant.connection();
    Endpoint tcp = tcpOf(info);
    String value = UUID.randomUUID().toString();
    RedisURI uri = info.redisUri(tcp);
    uri.setTimeout(Duration.ofSeconds(10)); // a squatter that reads and never answers
    try (StatefulRedisConnection<String, String> conn = client.connect(uri)) {
      conn.sync().set("marker", value);
    } catch (RuntimeException e) {
      return Optional.of(tenant.name() + " on " + tcp + ": " + e);
    }
    try (StatefulRedisConnection<String, String> own = tenant.connect()) {
      String seen = own.sync().get("marker");
      return value.equals(seen) ? Optional.empty()
          : Optional.of(tenant.name() + " on " + tcp + ": its socket has marker " + seen);
    }
  }

  /** The first endpoint of {@code info} that is not a UNIX socket. */
  public static Endpoint tcpOf(ConnectionInfo info) {
    return info.endpoints().stream().filter(e -> !e.isUnixSocket()).findFirst().orElseThrow();
  }
}
