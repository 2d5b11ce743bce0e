package io.redistenancy.spi;

/**
 * Creates a backend for one tenancy. What {@code RedisTenancy.Builder.backend(…)} takes: backend
 * builders such as {@code Backends.local()} implement it, so their settings are fixed before the
 * tenancy opens and the tenancy owns (and closes) what it creates.
 */
@FunctionalInterface
public interface BackendFactory {
  /**
   * @throws io.redistenancy.BackendUnavailableException saying what is missing and how to get it
   */
  Backend create(BackendContext context);
}
