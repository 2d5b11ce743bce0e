package io.redistenancy.testkit.internal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.Isolation;
import org.junit.jupiter.api.Test;

/** SHARED_SERVER runs its server as a local process: asking for it in a container is refused, naming both. */
class SharedServerDockerTest {
  @IsolatedRedis(isolation = Isolation.SHARED_SERVER, image = "redis:7.2") Object inAContainer;

  @Test
  void sharedServerWithAnImageIsRefused() throws Exception {
    IsolatedRedis point = getClass().getDeclaredField("inAContainer").getAnnotation(IsolatedRedis.class);
    Settings settings = Settings.of(null, point, false, "field inAContainer");
    Testkit testkit = new Testkit();
    try {
      assertThatThrownBy(() -> testkit.strategy(settings, getClass().getClassLoader()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("Isolation.SHARED_SERVER runs its pooled server as a local redis-server (7.0+), but this "
              + "injection point asks for Docker image redis:7.2; use backend LOCAL (or AUTO without an image), or "
              + "Isolation.DEDICATED for containers");
    } finally {
      testkit.close();
    }
  }
}
