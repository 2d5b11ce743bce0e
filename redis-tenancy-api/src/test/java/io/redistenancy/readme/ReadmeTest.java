package io.redistenancy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README shows exactly the code of {@link ReadmeExample}, which the build compiles and runs. */
class ReadmeTest {
  @Test
  void readmeExampleIsTheCompiledOne() throws Exception {
    assertReadmeShows("ReadmeExample.java");
  }

  @Test
  void externalServersExampleIsTheCompiledOne() throws Exception {
    assertReadmeShows("ExternalServersExample.java");
  }

  private static void assertReadmeShows(String example) throws Exception {
    Path module = Path.of("").toAbsolutePath();
    String source = Files.readString(module.resolve("src/test/java/io/redistenancy/readme/" + example));
    String region = source.substring(source.indexOf("// README-BEGIN\n") + 16, source.indexOf("    // README-END"));
    String snippet = region.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
        .collect(Collectors.joining("\n"));
    String readme = Files.readString(module.getParent().resolve("README.md"));
    assertThat(readme).contains(snippet);
  }
}
