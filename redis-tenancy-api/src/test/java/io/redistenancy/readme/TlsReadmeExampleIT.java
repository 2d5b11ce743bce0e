package io.redistenancy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.contract.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs the README's TLS example against real redis-server processes. */
class TlsReadmeExampleIT {
  @Test
  void theTlsExampleRuns() throws Exception {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "rt-readme-tls-");
    try {
      assertThat(TlsReadmeExample.run(home.resolve("home"), home.resolve("handover"), 46180, 46199).isSuccess()).isTrue();
      assertThat(home.resolve("handover/acme-client.key")).exists();
    } finally {
      TestFiles.deleteQuietly(home);
    }
  }
}
