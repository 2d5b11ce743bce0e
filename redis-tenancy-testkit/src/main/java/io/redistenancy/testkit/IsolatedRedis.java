package io.redistenancy.testkit;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.Persistence;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings for one injected Redis, on a parameter or a field of a {@link RedisTenancyTest} class.
 * Attributes left empty take the class's {@link RedisTenancyTest} value, then the testkit default.
 * Optional enum attributes are arrays: give at most one value ({@code scope = Scope.CLASS}).
 *
 * <pre>{@code
 * @RedisTenancyTest(plans = "classpath:redis-plans")
 * class SessionStoreTest {
 *   @IsolatedRedis(scope = Scope.CLASS)          // one instance for every test of the class
 *   static RedisURI shared;
 *
 *   @IsolatedRedis(plan = "small")               // src/test/resources/redis-plans/small.conf
 *   StatefulRedisConnection<String, String> redis;
 *
 *   @Test
 *   void twoInstances(RedisURI first, @IsolatedRedis(id = "second") RedisURI second) { ... }
 * }
 * }</pre>
 *
 * <p>Instances with different settings come from different pools, so a test always gets exactly the
 * settings it asked for, never a neighbour's.
 */
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IsolatedRedis {
  /**
   * Names the instance within its scope: injection points with the same settings and id share one
   * instance, a different id gets another. Default {@code ""}.
   */
  String id() default "";

  /** How long the instance lives; default the class's, else {@link Scope#METHOD} ({@link Scope#CLASS} for a static field). */
  Scope[] scope() default {};

  /** How it is kept apart from other tests' instances; default {@link Isolation#DEDICATED}. */
  Isolation[] isolation() default {};

  /**
   * A plan name from {@link RedisTenancyTest#plans()}; other attributes override its values. Without
   * a plan the instance uses the library's default plan with persistence {@code NONE} (tests need no
   * snapshots).
   */
  String plan() default "";

  /** {@code maxmemory}, as redis.conf spells it: {@code 16mb}, {@code 1gb}. */
  String maxMemory() default "";

  /** {@code maxmemory-policy}. */
  EvictionPolicy[] evictionPolicy() default {};

  /** RDB, AOF, both or none. */
  Persistence[] persistence() default {};

  /** Number of databases ({@code SELECT 0..n-1}); 0 means the plan's. */
  int databases() default 0;

  /**
   * Plaintext (the default), {@link Access#TLS_ONLY} or {@link Access#DUAL}. A TLS instance listens on
   * 127.0.0.1, on a TCP port from {@code -Dredistenancy.testkit.tcp-ports} (default
   * {@code 30000-32767}), with a certificate from the testkit's own CA: the injected
   * {@code RedisURI} is its {@code rediss://} endpoint, and the injected {@code RedisClient} and
   * connection trust that CA ({@code ConnectionInfo.sslOptions()}); a client of your own needs
   * {@code ClientOptions.builder().sslOptions(info.sslOptions())}.
   */
  Access[] access() default {};

  /** With TLS: whether clients must present a certificate (the injected ones do); default {@link ClientAuth#NONE}. */
  ClientAuth[] clientAuth() default {};

  /** Local processes or Docker containers; default {@link BackendChoice#AUTO}. */
  BackendChoice[] backend() default {};

  /** A Docker image with {@code redis-server} (6.2+); naming one selects the Docker backend. */
  String image() default "";

  /** The {@code redis-server} binary for local instances, e.g. {@code /opt/redis-7.4/bin/redis-server}. */
  String redisBinary() default "";
}
