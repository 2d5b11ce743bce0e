package io.redistenancy.internal.local;

import io.redistenancy.Backends;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackendProvider;
import java.util.Optional;

/** Offers the local backend to ServiceLoader discovery. (Stub: being written.) */
public final class LocalBackendProvider implements BackendProvider {
  @Override public String name() { return "local"; }
  @Override public int priority() { return 0; }
  @Override public Optional<String> unavailableReason() { return Optional.empty(); }
  @Override public BackendFactory factory() { return Backends.local(); }
}
