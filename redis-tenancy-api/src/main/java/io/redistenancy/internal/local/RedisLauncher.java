package io.redistenancy.internal.local;

import io.redistenancy.internal.redis.RedisBinary;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts one {@code redis-server} on a tenant's rendered config. The process's stdout and stderr are
 * appended to redis.log (no {@code logfile} directive: the renderer never writes one), stdin is
 * {@code /dev/null}. Detached instances are started through {@code setsid} so that a terminal's
 * Ctrl-C, sent to the JVM's process group, does not reach them; setsid execs Redis in place, so the
 * pid stays the Redis pid.
 *
 * <p>The process gets a minimal environment ({@link RedisBinary#ENVIRONMENT}), not the JVM's: whatever secrets
 * the application keeps in its environment (cloud keys, database passwords) never reach redis-server,
 * a wrapper binary, or anyone who can read {@code /proc/PID/environ} of the instance.
 */
final class RedisLauncher {
  private static final File DEV_NULL = new File("/dev/null");

  private final RedisBinary binary;
  private final Optional<Path> setsid;

  RedisLauncher(RedisBinary binary, boolean detached) {
    this.binary = binary;
    this.setsid = detached ? findSetsid() : Optional.empty();
  }

  Process launch(TenantPaths paths) throws IOException {
    LogFile.prepare(paths.log());
    List<String> command = new ArrayList<>();
    setsid.ifPresent(s -> command.add(s.toString()));
    command.add(binary.path().toString());
    command.add(paths.config().toString());
    return RedisBinary.withMinimalEnvironment(new ProcessBuilder(command))
        .directory(paths.data().toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.log().toFile()))
        .redirectErrorStream(true)
        .start();
  }

  private static Optional<Path> findSetsid() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "setsid");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
