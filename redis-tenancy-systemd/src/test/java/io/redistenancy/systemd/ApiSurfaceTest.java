package io.redistenancy.systemd;

import io.redistenancy.api.ApiSnapshot;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public surface of {@code io.redistenancy.systemd}, compared with {@code api/redis-tenancy-systemd.txt}, so
 * that the API never changes by accident. After a deliberate change, regenerate the file with
 * {@code ./mvnw -pl redis-tenancy-systemd -am test -Dtest=ApiSurfaceTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dapi.update=true} and commit it.
 */
class ApiSurfaceTest {
  @Test
  void publicApiIsTheRecordedOne() throws Exception {
    ApiSnapshot.assertRecorded(Path.of("api/redis-tenancy-systemd.txt"), List.of("io/redistenancy/systemd"));
  }
}
