package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.ConnectionInfo;

/** Each fork keeps its instances below a directory of its own, named with its pid. */
final class ForkChecks {
  private ForkChecks() {}

  static void recordHome(ConnectionInfo info) {
    String socket = info.endpoint().socket().orElseThrow().toString();
    assertThat(socket).startsWith(Homes.parent().resolve("rtk-" + ProcessHandle.current().pid() + "-").toString());
  }
}
