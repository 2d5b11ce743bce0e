package io.redistenancy.docker.internal;

import io.redistenancy.EventPayload;
import io.redistenancy.spi.InstanceEvents;
import io.redistenancy.spi.TenantId;
import io.redistenancy.docker.DockerBackends;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns when a tenant's container runs a Redis release with {@link KnownVulnerabilities}: a log line
 * and a {@code VULNERABLE_VERSION} event per start, unless the operator acknowledged that version. The
 * version is read once per image, from the first line Redis logs when it starts.
 */
final class VersionCheck {
  private static final Logger LOG = LoggerFactory.getLogger(VersionCheck.class);
  private static final Pattern STARTED = Pattern.compile("Redis version=([0-9]+\\.[0-9]+\\.[0-9]+)");
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);
  private static final int LOG_LINES = 40;

  private final DockerEngine engine;
  private final InstanceEvents events;
  private final Set<String> acknowledged;
  private final Map<String, String> versionOfImage = new ConcurrentHashMap<>();

  VersionCheck(DockerEngine engine, InstanceEvents events, Set<String> acknowledged) {
    this.engine = engine;
    this.events = events;
    this.acknowledged = Set.copyOf(acknowledged);
  }

  /** Checks the tenant's just started container; never fails the start (a version it cannot read is skipped). */
  void afterStart(TenantId id, String image, String containerId) {
    try {
      Optional<String> version = Optional.ofNullable(versionOfImage.get(image)).or(() -> readVersion(containerId));
      version.ifPresent(v -> {
        versionOfImage.put(image, v);
        report(id, image, v);
      });
    } catch (RuntimeException e) {
      LOG.debug("tenant {}: the Redis version of image {} could not be read: {}", id, image, e.toString());
    }
  }

  private void report(TenantId id, String image, String version) {
    List<KnownVulnerabilities> found = KnownVulnerabilities.of(version);
    if (found.isEmpty()) {
      return;
    }
    String detail = describe(version, image, found);
    if (acknowledged.contains(version)) {
      LOG.info("Tenant {} {} (acknowledged by the operator)", id, detail);
      return;
    }
    LOG.warn("Tenant {} {}", id, detail);
    events.event(id, new EventPayload.VulnerableVersion(version,
        found.stream().map(KnownVulnerabilities::cve).toList(), fixedIn(version, found), detail));
  }

  static String describe(String version, String image, List<KnownVulnerabilities> found) {
    int[] parsed = KnownVulnerabilities.parse(version).orElseThrow();
    String cves = found.stream().map(c -> c.cve() + " " + c.what()).collect(Collectors.joining(", "));
    String line = parsed[0] + "." + parsed[1];
    String fixed = fixedIn(version, found).map(f -> "fixed in the " + line + " line by " + f)
        .orElse("the " + line + " line has no release with every fix (unmaintained)");
    return "runs Redis " + version + " (image " + image + "), which has known vulnerabilities a tenant can reach: "
        + cves + "; " + fixed + ". Use an image with a fixed release (the default is "
        + DockerBackends.Docker.DEFAULT_IMAGE + "), or, for a build with the fixes backported "
        + "(e.g. Debian's), acknowledge it with DockerBackends.docker().acknowledgeVersion(\"" + version + "\")";
  }

  /** The release of {@code version}'s line that fixes every one of {@code found}; empty when there is none. */
  static Optional<String> fixedIn(String version, List<KnownVulnerabilities> found) {
    int[] parsed = KnownVulnerabilities.parse(version).orElseThrow();
    List<String> fixes = found.stream().map(c -> c.fixedInLineOf(parsed)).flatMap(Optional::stream).toList();
    return fixes.size() == found.size()
        ? fixes.stream().max(Comparator.comparingInt(f -> KnownVulnerabilities.parse(f).orElseThrow()[2]))
        : Optional.empty();
  }

  private Optional<String> readVersion(String containerId) {
    long deadline = System.nanoTime() + LOG_WAIT.toNanos();
    while (true) {
      Matcher m = STARTED.matcher(engine.logTail(containerId, LOG_LINES));
      Optional<String> version = Optional.empty();
      while (m.find()) {
        version = Optional.of(m.group(1)); // the last start's
      }
      if (version.isPresent() || System.nanoTime() - deadline > 0) {
        return version;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
