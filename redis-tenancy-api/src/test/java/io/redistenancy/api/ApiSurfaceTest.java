package io.redistenancy.api;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The public surface of the exported packages, compared with {@code api/redis-tenancy-api.txt}, so that
 * the API never changes by accident. After a deliberate change, regenerate the file with
 * {@code ./mvnw -pl redis-tenancy-api test -Dtest=ApiSurfaceTest -Dapi.update=true} and commit it.
 */
class ApiSurfaceTest {
  @Test
  void publicApiIsTheRecordedOne() throws Exception {
    ApiSnapshot.assertRecorded(
        Path.of("api/redis-tenancy-api.txt"), List.of("io/redistenancy", "io/redistenancy/spi"));
  }
}
