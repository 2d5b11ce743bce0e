package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The marker line the sweeper reads gives back the backend that made the home (plans aside). */
class ResolvedBackendTest {
  @Test
  void markersRoundTrip() {
    for (ResolvedBackend backend : new ResolvedBackend[] {
        new ResolvedBackend(false, null, null, null, false),
        new ResolvedBackend(false, Path.of("/opt/redis/bin/redis-server"), null, null, false),
        new ResolvedBackend(true, null, "redis:7.2", null, false),
        new ResolvedBackend(true, null, "redis:7.2", null, true)}) {
      assertThat(ResolvedBackend.fromMarker(backend.marker())).isEqualTo(backend);
    }
    assertThat(new ResolvedBackend(true, null, "redis:7.2", null, true).marker()).isEqualTo("docker-tcp redis:7.2");
  }
}
