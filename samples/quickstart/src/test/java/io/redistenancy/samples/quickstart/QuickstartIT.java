package io.redistenancy.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Runs the whole quickstart against real redis-server processes, so the sample keeps working. */
class QuickstartIT {

  @Test
  void runsEndToEndAndCleansUp() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    QuickstartResult result;
    try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      result = Quickstart.run(QuickstartOptions.defaults(), out);
    }
    String output = buffer.toString(StandardCharsets.UTF_8);

    assertThat(result.isolationRefusal()).as(output).matches("(WRONGPASS|NOAUTH).*");
    assertThat(result.configMaxMemory()).as(output).isEqualTo(Long.toString(Walkthrough.RESIZE_TO.toBytes()));
    assertThat(result.pidAfterResize()).as("resize restarted the instance").isEqualTo(result.pidBeforeResize());
    assertThat(result.handoverFiles()).extracting(p -> p.getFileName().toString())
        .containsExactly("acme.env", "acme.json");
    assertThat(output).contains("refused: ", "RUNNING", "Done.").doesNotContain("REDIS_PASSWORD=");

    // a temporary run leaves nothing behind: no files, no redis-server processes
    assertThat(result.handoverFiles()).noneMatch(Files::exists);
    assertThat(ProcessHandle.current().descendants()
        .filter(p -> p.info().command().orElse("").contains("redis-server")).toList()).isEmpty();
  }
}
