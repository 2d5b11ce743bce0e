package io.redistenancy.samples.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Testkit section shows PerTestIsolationIT from its annotation on, as compiled here. */
class ReadmeShowsSampleTest {
  @Test
  void readmeShowsTheCompiledSample() throws Exception {
    Path module = Path.of("").toAbsolutePath();
    String sample = Files.readString(module.resolve(
        "src/test/java/io/redistenancy/samples/testkit/PerTestIsolationIT.java"));
    String readme = Files.readString(module.getParent().getParent().resolve("README.md"));
    assertThat(readme).contains(sample.substring(sample.indexOf("@RedisTenancyTest\nclass")));
  }
}
