package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.BackendUnavailableException;
import io.redistenancy.internal.redis.RedisBinary;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackendProvider;
import java.util.Optional;

/**
 * Offers the local backend to ServiceLoader discovery: available wherever a redis-server 6.2+ is
 * found the way {@link Backends.Local} looks for it.
 */
public final class LocalBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return "local";
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public Optional<String> unavailableReason() {
    try {
      RedisBinary.locate(Optional.empty());
      return Optional.empty();
    } catch (BackendUnavailableException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public BackendFactory factory() {
    return Backends.local();
  }
}
