package io.redistenancy.testkit.internal;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.testkit.BackendChoice;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Decides where instances run: the user's explicit choice, else a local binary, else Docker. */
final class BackendResolver {
  static final String ENV_BINARY = "REDIS_TENANCY_REDIS_SERVER";
  static final String PROPERTY_BINARY = "redistenancy.redis-server";

  private BackendResolver() {}

  static ResolvedBackend resolve(Settings.BackendRequest request, ClassLoader loader) {
    Path plans = plansDirectory(request.plansDirectory(), loader);
    Path binary = request.binary().isEmpty() ? null : Path.of(request.binary());
    switch (request.choice()) {
      case LOCAL:
        return new ResolvedBackend(false, binary, null, plans, request.tcp());
      case DOCKER:
        return new ResolvedBackend(true, null, request.image().isEmpty() ? DockerSupport.defaultImage() : request.image(),
            plans, request.tcp());
      default:
        if (!request.image().isEmpty()) {
          return new ResolvedBackend(true, null, request.image(), plans, request.tcp());
        }
        if (binary != null || localBinary().isPresent()) {
          return new ResolvedBackend(false, binary, null, plans, request.tcp());
        }
        if (DockerSupport.onClassPath() && DockerSupport.engineLikely()) {
          return new ResolvedBackend(true, null, DockerSupport.defaultImage(), plans, request.tcp());
        }
        throw new BackendUnavailableException(unavailableReason().orElse("No Redis is available."));
    }
  }

  /** Why no backend can work on this machine, or empty when one can (for AUTO). */
  static Optional<String> unavailableReason() {
    if (localBinary().isPresent() || DockerSupport.onClassPath() && DockerSupport.engineLikely()) {
      return Optional.empty();
    }
    return Optional.of("No Redis for the testkit: no redis-server binary was found (" + ENV_BINARY + " unset, -D"
        + PROPERTY_BINARY + " unset, none on PATH)"
        + (DockerSupport.onClassPath() ? ", and no Docker engine is reachable ("
            + DockerSupport.engineMissingReason().orElse("") + ")"
            : ", and redis-tenancy-docker is not on the test class path")
        + ". Install one of: Redis 6.2+ (7.0+ for Isolation.SHARED_SERVER) on PATH (Debian/Ubuntu: "
        + "apt-get install redis-server; Fedora: dnf install redis; macOS: brew install redis), or set "
        + ENV_BINARY + " to a redis-server binary; or a running Docker engine plus the test dependency "
        + "io.redistenancy:redis-tenancy-docker (the testkit runs Redis containers itself; Testcontainers is not "
        + "needed). @RedisTenancyTest(disabledWithoutRedis = true) skips such tests instead of failing them.");
  }

  /** Why Docker cannot work here, or empty when it probably can (for classes that ask for it). */
  static Optional<String> dockerUnavailableReason() {
    if (!DockerSupport.onClassPath()) {
      return Optional.of("this class asks for Docker, but redis-tenancy-docker is not on the test class path");
    }
    if (!DockerSupport.engineLikely()) {
      return Optional.of("this class asks for Docker, but no Docker engine is reachable ("
          + DockerSupport.engineMissingReason().orElse("") + "); start one (Debian/Ubuntu: apt-get install docker.io)");
    }
    return Optional.empty();
  }

  /** A redis-server the local backend would find by itself: environment, property, then PATH. */
  static Optional<Path> localBinary() {
    for (String configured : new String[] {System.getenv(ENV_BINARY), System.getProperty(PROPERTY_BINARY)}) {
      if (configured != null && !configured.isBlank()) {
        return Optional.of(Path.of(configured.trim()));
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path candidate = Path.of(dir, "redis-server");
          if (Files.isExecutable(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Path plansDirectory(String text, ClassLoader loader) {
    if (text.isEmpty()) {
      return null;
    }
    if (!text.startsWith("classpath:")) {
      Path dir = Path.of(text).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir)) {
        throw new InvalidRequestException("plans '" + text + "' is not a directory (resolved to " + dir + ")");
      }
      return dir;
    }
    String resource = text.substring("classpath:".length()).replaceAll("^/+", "");
    URL url = loader.getResource(resource);
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new InvalidRequestException("plans '" + text + "' is not a directory on the test class path"
          + (url == null ? "" : " (found " + url + "; plan directories inside jars are not supported)"));
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("plans '" + text + "' resolves to " + url + ", which is not a path");
    }
  }
}
