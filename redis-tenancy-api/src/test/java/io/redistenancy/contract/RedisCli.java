package io.redistenancy.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.ConnectionInfo;
import io.redistenancy.Endpoint;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code redis-cli} as a tenant's client, for tests that must not only trust Lettuce. */
public final class RedisCli {
  private RedisCli() {}

  /**
   * {@code redis-cli PING} as the tenant user on its TCP endpoint, with {@code extraArgs} (e.g. {@code
   * --tls --cacert FILE}) before the command; the password goes through REDISCLI_AUTH, never the
   * command line. Returns what redis-cli printed, trimmed.
   */
  public static String ping(ConnectionInfo info, String... extraArgs) throws Exception {
    Endpoint e = info.endpoint();
    List<String> command = new ArrayList<>(List.of("redis-cli", "-h", e.host().orElseThrow(), "-p",
        Integer.toString(e.port()), "--user", info.username()));
    command.addAll(List.of(extraArgs));
    command.add("PING");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("REDISCLI_AUTH", info.password());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
    return out;
  }
}
