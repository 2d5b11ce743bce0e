package io.redistenancy.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's "TLS and rotation" section shows exactly the code of {@link TlsReadmeExample}. */
class TlsReadmeTest {
  @Test
  void readmeTlsExampleIsTheCompiledOne() throws Exception {
    Path module = Path.of("").toAbsolutePath();
    String source = Files.readString(module.resolve("src/test/java/io/redistenancy/readme/TlsReadmeExample.java"));
    String region = source.substring(source.indexOf("// README-TLS-BEGIN\n") + 20, source.indexOf("    // README-TLS-END"));
    String snippet = region.lines().map(l -> l.length() >= 4 ? l.substring(4) : l.strip())
        .collect(Collectors.joining("\n"));
    assertThat(Files.readString(module.getParent().resolve("README.md"))).contains(snippet);
  }
}
