package io.redistenancy.internal.local;

import io.redistenancy.Lifecycle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link io.redistenancy.Backends.Local} was set to, handed to the backend when it is created:
 * the settings builder itself exposes none of it.
 *
 * @param binary the {@code redis-server} to run; empty: looked up as {@code Backends.Local} says
 * @param firstPort first port of the TCP range, or 0 when instances listen on a UNIX socket only
 * @param lastPort last port of the TCP range (inclusive), or 0
 * @param maxRestarts crashes in a row that are restarted before the tenant is marked FAILED
 * @param stopTimeout how long a stop waits for a clean shutdown before killing
 */
public record LocalSettings(Optional<Path> binary, Lifecycle lifecycle, int firstPort, int lastPort,
    int maxRestarts, Duration stopTimeout) {

  boolean attached() {
    return lifecycle == Lifecycle.ATTACHED;
  }
}
