package io.redistenancy.testkit;

/**
 * How a test's Redis is kept apart from the Redis of other tests, and what that guarantees.
 *
 * <p>A third mode is planned: an ACL user with its own key prefix on one shared, pooled server (the
 * cheapest per test, for thousands of tests in parallel), once the library's shared-ACL backend
 * exists. It plugs in next to the two below, without changing this annotation's shape.
 *
 * @see IsolatedRedis#isolation()
 */
public enum Isolation {
  /**
   * The default: a {@code redis-server} of its own for each holder (a test, a class or the run, see
   * {@link Scope}). Guarantees: no other test uses the instance while you hold it; it starts pristine
   * (no keys in any database, no scripts or functions, no other clients, statistics reset, live
   * configuration equal to the requested settings); its endpoint is a UNIX socket no other test is
   * given at the same time. Safe under parallel execution. Costs one warm process per test running at
   * the same moment.
   */
  DEDICATED,
  /**
   * One pooled server per settings for the whole run, reset (flushed) between holders, handed to one
   * holder at a time: tests that ask for it run one after another, even under parallel execution.
   * Guarantees: the same pristine state as {@link #DEDICATED} at the start of each test, and the same
   * endpoint and credentials for the whole run (handy when a framework caches its connection
   * factory). Clients left over from the previous test are disconnected by the reset; Lettuce
   * reconnects on its own. For suites that run sequentially; costs a single process.
   */
  FLUSHED
}
