package io.redistenancy.docker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.redistenancy.docker.DockerBackends;
import org.junit.jupiter.api.Test;

/** The fixed-in table: which releases are flagged, and what the warning tells the operator. */
class KnownVulnerabilitiesTest {
  @Test
  void theDefaultImageHasNoKnownTenantReachableVulnerability() {
    String tag = DockerBackends.Docker.DEFAULT_IMAGE.substring(DockerBackends.Docker.DEFAULT_IMAGE.indexOf(':') + 1);
    assertThat(KnownVulnerabilities.of(tag)).isEmpty();
  }

  @Test
  void releasesBeforeTheirLinesFixAreFlagged() {
    assertThat(KnownVulnerabilities.of("7.4.2")).contains(KnownVulnerabilities.CVE_2025_49844,
        KnownVulnerabilities.CVE_2025_32023).doesNotContain(KnownVulnerabilities.CVE_2024_46981);
    assertThat(KnownVulnerabilities.of("7.4.5")).contains(KnownVulnerabilities.CVE_2025_49844)
        .doesNotContain(KnownVulnerabilities.CVE_2025_32023);
    assertThat(KnownVulnerabilities.of("7.2.11")).isEmpty();
    assertThat(KnownVulnerabilities.of("6.2.20")).isEmpty();
    assertThat(KnownVulnerabilities.of("8.2.1")).containsExactly(KnownVulnerabilities.CVE_2025_49844,
        KnownVulnerabilities.CVE_2025_46817, KnownVulnerabilities.CVE_2025_46818, KnownVulnerabilities.CVE_2025_46819);
  }

  @Test
  void unmaintainedLinesAreFlaggedWholeAndNewerLinesAreNot() {
    assertThat(KnownVulnerabilities.of("7.0.15")).containsExactly(KnownVulnerabilities.values());
    assertThat(KnownVulnerabilities.of("6.0.20")).containsExactly(KnownVulnerabilities.values());
    assertThat(KnownVulnerabilities.of("8.4.0")).isEmpty();
    assertThat(KnownVulnerabilities.of("not a version")).isEmpty();
  }

  @Test
  void theWarningNamesTheFixAndTheAcknowledgement() {
    assertThat(VersionCheck.describe("7.4.2", "redis:7.4.2", KnownVulnerabilities.of("7.4.2")))
        .contains("runs Redis 7.4.2 (image redis:7.4.2)", "CVE-2025-49844 Lua parser use-after-free",
            "fixed in the 7.4 line by 7.4.6", "acknowledgeVersion(\"7.4.2\")");
    assertThat(VersionCheck.describe("7.0.15", "redis:7.0.15", KnownVulnerabilities.of("7.0.15")))
        .contains("the 7.0 line has no release with every fix (unmaintained)");
  }
}
