package io.redistenancy.testkit;

/**
 * Where the test's Redis runs.
 *
 * @see IsolatedRedis#backend()
 */
public enum BackendChoice {
  /**
   * Docker when an {@link IsolatedRedis#image() image} is named; else local processes when a
   * {@code redis-server} binary is found ({@link IsolatedRedis#redisBinary()}, the environment variable
   * {@code REDIS_TENANCY_REDIS_SERVER}, the system property {@code redistenancy.redis-server}, then
   * {@code PATH}); else Docker when an engine answers (image from the system property
   * {@code redistenancy.testkit.image}, or the Docker backend's default); else the test fails with what
   * to install, or is disabled with {@link RedisTenancyTest#disabledWithoutRedis()}.
   */
  AUTO,
  /** One {@code redis-server} child process per instance, on a UNIX socket; ends with the JVM. */
  LOCAL,
  /**
   * One container per instance, through the library's own Docker backend (needs
   * {@code redis-tenancy-docker} on the test class path), not Testcontainers: containers are pooled,
   * reset and reused like local instances (a test pays a reset, not a container start), labelled
   * with their owner and deleted by the next run when a JVM died, so no Ryuk container is needed.
   */
  DOCKER
}
