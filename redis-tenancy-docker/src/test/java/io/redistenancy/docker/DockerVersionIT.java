package io.redistenancy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.Deletion;
import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyEvent;
import io.redistenancy.Tenant;
import io.redistenancy.contract.RecordingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server version in status(), and the warning for a release with tenant-reachable CVEs: the test
 * image is built from the host's redis-server (Debian's 7.0.15, a line without upstream fixes).
 */
class DockerVersionIT {
  @RegisterExtension
  static final DockerEngine engine = new DockerEngine();

  @TempDir
  Path temp;

  @Test
  void statusSaysTheServerVersionAndAVulnerableReleaseIsWarnedAbout() throws Exception {
    String version = hostRedisVersion();
    RecordingListener listener = new RecordingListener();
    try (RedisTenancy tenancy = RedisTenancy.builder().home(temp.resolve("home")).listener(listener)
        .backend(DockerBackends.docker().image(DockerTestSupport.image())).build()) {
      Tenant acme = tenancy.create("acme").apply();
      try {
        assertThat(acme.status().serverVersion()).isEqualTo(version);
        assertThat(listener.events()).filteredOn(e -> e.type() == TenancyEvent.Type.VULNERABLE_VERSION)
            .singleElement().satisfies(e -> {
              assertThat(e.tenant()).isEqualTo("acme");
              assertThat(e.detail()).contains("runs Redis " + version, "CVE-2025-49844", "CVE-2025-32023",
                  "the 7.0 line has no release with every fix", "acknowledgeVersion(\"" + version + "\")");
            });
      } finally {
        acme.delete(Deletion.PURGE);
      }
    }
  }

  @Test
  void anAcknowledgedReleaseIsNotWarnedAbout() throws Exception {
    String version = hostRedisVersion();
    RecordingListener listener = new RecordingListener();
    try (RedisTenancy tenancy = RedisTenancy.builder().home(temp.resolve("home")).listener(listener)
        .backend(DockerBackends.docker().image(DockerTestSupport.image()).acknowledgeVersion(version)).build()) {
      Tenant acme = tenancy.create("acme").apply();
      try {
        acme.stop();
        acme.start();
        assertThat(acme.status().serverVersion()).isEqualTo(version);
        // events are sent synchronously: a warning would be in the list before the create returned
        assertThat(listener.types("acme")).contains(TenancyEvent.Type.CREATED, TenancyEvent.Type.STARTED)
            .doesNotContain(TenancyEvent.Type.VULNERABLE_VERSION);
      } finally {
        acme.delete(Deletion.PURGE);
      }
    }
  }

  private static String hostRedisVersion() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher m = Pattern.compile("v=([0-9]+\\.[0-9]+\\.[0-9]+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }
}
