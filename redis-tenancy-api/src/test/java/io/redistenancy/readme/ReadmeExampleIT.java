package io.redistenancy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.contract.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadmeExampleIT {
  @Test
  void readmeExampleRuns() throws Exception {
    Path home = Files.createTempDirectory(Path.of("/tmp"), "rt-");
    try {
      assertThat(ReadmeExample.run(home)).startsWith("unix://acme:");
    } finally {
      TestFiles.deleteQuietly(home);
    }
  }
}
