package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.ConnectionInfo;

/** Each fork keeps its instances below a directory of its own, named with its pid. */
final class ForkChecks {
  private ForkChecks() {}

  /**
   * Both forks start TLS instances and a SHARED_SERVER server on TCP ports of the same configured
   * range at the same time (each fork in a slice of its own, see PortSlices): each works and starts
   * empty.
   */
  @SafeVarargs
  static void startsEmpty(StatefulRedisConnection<String, String>... connections) {
    for (StatefulRedisConnection<String, String> connection : connections) {
      assertThat(connection.sync().incr("fork-counter")).isEqualTo(1);
    }
  }

  static void recordHome(ConnectionInfo info) {
    String socket = info.endpoint().socket().orElseThrow().toString();
    assertThat(socket).startsWith(Homes.parent().resolve("rtk-" + ProcessHandle.current().pid() + "-").toString());
  }
}
