package io.redistenancy.testkit;

/**
 * How a test's Redis is kept apart from the Redis of other tests, and what that guarantees.
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
  FLUSHED,
  /**
   * An ACL user with its own key prefix on one pooled {@code redis-server} (Redis 7.0+, local backend)
   * shared by every {@code SHARED_SERVER} test of the run: the cheapest per test, for suites that want
   * thousands of tenants or tests in parallel. Built on the library's shared-servers backend
   * ({@code Backends.sharedServers()}); the server listens on 127.0.0.1, on a TCP port from
   * {@code -Dredistenancy.testkit.tcp-ports} (default {@code 30000-32767}).
   *
   * <p>Guarantees: no other test can read, write, list or delete your keys, nor subscribe to your
   * channels: the server's ACL confines your user to the key and channel pattern {@code PREFIX*}
   * ({@code ConnectionInfo.keyPrefix()}, e.g. {@code a1-7:}); you start with no keys under it (the
   * previous holder's were deleted and its clients disconnected); no other test holds your user at the
   * same time. The injected {@code StatefulRedisConnection} applies the prefix for you
   * ({@code KeyPrefixCodec}): tests write {@code cart:1} and the server stores {@code a1-7:cart:1}. A
   * {@code RedisURI} or {@code RedisClient} carries the user's credentials but not the prefix: connect
   * with {@code KeyPrefixCodec.of(connectionInfo)}.
   *
   * <p>Not guaranteed, because the server is shared: commands that see the whole server are refused
   * (KEYS, SCAN, DBSIZE, FLUSHDB, FLUSHALL, SELECT, INFO, CONFIG, SCRIPT, EVAL, FUNCTION, CLIENT
   * LIST/KILL, MONITOR, and others: see {@code SharedServers}); memory, eviction policy, persistence
   * and databases are the server's, so plan settings are not applied to you ({@code maxMemory} is a
   * quota {@code Tenant.status()} reports); a test that fills the server's memory or blocks it slows
   * every other test. A failing test gets no log tail: the server's log is every test's. Use
   * {@link #DEDICATED} for tests that need those.
   */
  SHARED_SERVER
}
