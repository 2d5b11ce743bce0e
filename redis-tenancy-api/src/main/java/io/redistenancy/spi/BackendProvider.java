package io.redistenancy.spi;

import java.util.Optional;

/**
 * Makes a backend discoverable through {@link java.util.ServiceLoader}. When a tenancy is built
 * without an explicit backend, the engine takes the available provider with the highest
 * {@link #priority()}; if none is available, the error lists every candidate and why.
 */
public interface BackendProvider {
  /** The backend's name, as {@link Backend#name()}. */
  String name();

  /** Higher wins among available providers. The local backend has 0. */
  int priority();

  /** Empty if this backend can work here; otherwise why not (and what to install). */
  Optional<String> unavailableReason();

  /** A factory with default settings. */
  BackendFactory factory();
}
