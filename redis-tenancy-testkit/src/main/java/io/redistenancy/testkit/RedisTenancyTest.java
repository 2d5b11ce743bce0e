package io.redistenancy.testkit;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.Persistence;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the tests of a class an isolated, real Redis each, in about a millisecond.
 *
 * <p>A test asks for what it needs as a parameter, or as a field: a Lettuce {@code RedisURI},
 * {@code RedisClient} or {@code StatefulRedisConnection<String, String>}, the library's {@code Tenant}
 * or its {@code ConnectionInfo}. All of them point at the same instance unless an
 * {@link IsolatedRedis} annotation asks for other settings or another {@link IsolatedRedis#id() id}.
 *
 * <pre>{@code
 * @RedisTenancyTest
 * class CartTest {
 *   @Test
 *   void addsItems(StatefulRedisConnection<String, String> redis) {
 *     new Cart(redis.sync()).add("apple");
 *     assertThat(redis.sync().dbsize()).isEqualTo(1L); // nothing from other tests, ever
 *   }
 *
 *   @Test
 *   void evictsWhenFull(@IsolatedRedis(maxMemory = "2mb", evictionPolicy = EvictionPolicy.ALLKEYS_LRU)
 *       RedisURI uri) { ... }
 * }
 * }</pre>
 *
 * <h2>How it is fast</h2>
 * Each JVM keeps a warm pool of {@code redis-server} processes per distinct settings, created in the
 * background. A test takes one that is ready (already answering {@code PING} on its UNIX socket) and
 * gives it back when it ends; the pool then resets it ({@code Tenant.reset()}: data, scripts,
 * functions, clients, statistics, live configuration) in the background before handing it out again.
 * There are no TCP ports to collide on, so parallel test execution and several Surefire forks are
 * safe: each fork keeps its instances below its own short home, {@code /tmp/rtk-PID-RANDOM}.
 *
 * <h2>Cleanup</h2>
 * Instances are released through JUnit's {@code ExtensionContext.Store}, so JUnit frees them even when
 * a test fails. Local instances end with the JVM, also on {@code kill -9} (the library's watchdog).
 * The first test of the next run deletes the homes of dead test JVMs, with everything in them
 * (containers included).
 *
 * <h2>Failures</h2>
 * A failing test's exception gets, as suppressed exceptions, the last lines of the {@code redis.log}
 * of each local instance the test held; its type and message stay the test's own.
 *
 * <h2>Provisioning tests</h2>
 * A test that takes a {@code RedisTenancy} parameter gets a tenancy of its own, in a fresh home, closed
 * after the test. Tenants it creates and does not delete fail the test, naming each one.
 *
 * <p>Settings given here are the defaults of every injection point in the class; an
 * {@link IsolatedRedis} on a parameter or field overrides them one by one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(io.redistenancy.testkit.internal.RedisTenancyExtension.class)
public @interface RedisTenancyTest {
  /** Default {@link Scope} of the class's injection points; {@link Scope#METHOD} when empty. At most one. */
  Scope[] scope() default {};

  /** Default {@link Isolation}; {@link Isolation#DEDICATED} when empty. At most one. */
  Isolation[] isolation() default {};

  /**
   * A directory of plan files ({@code NAME.conf} or {@code NAME.json}, see
   * {@code Plans.directory(Path)}) for {@link #plan()} and {@link IsolatedRedis#plan()}: a path
   * (relative to the working directory) or {@code classpath:some/dir} for a directory on the test
   * class path.
   */
  String plans() default "";

  /** The plan instances start from; see {@link IsolatedRedis#plan()}. */
  String plan() default "";

  /** See {@link IsolatedRedis#maxMemory()}. */
  String maxMemory() default "";

  /** See {@link IsolatedRedis#evictionPolicy()}. */
  EvictionPolicy[] evictionPolicy() default {};

  /** See {@link IsolatedRedis#persistence()}. */
  Persistence[] persistence() default {};

  /** See {@link IsolatedRedis#databases()}. */
  int databases() default 0;

  /** See {@link IsolatedRedis#access()}. */
  Access[] access() default {};

  /** See {@link IsolatedRedis#clientAuth()}. */
  ClientAuth[] clientAuth() default {};

  /** See {@link IsolatedRedis#backend()}. */
  BackendChoice[] backend() default {};

  /** See {@link IsolatedRedis#image()}. */
  String image() default "";

  /** See {@link IsolatedRedis#redisBinary()}. */
  String redisBinary() default "";

  /**
   * Disable the class's tests (instead of failing them), with the reason in the report, when neither a
   * {@code redis-server} binary nor a Docker engine is available, or, for a class that asks for Docker
   * ({@link #image()} or {@link BackendChoice#DOCKER}), when no Docker engine is. Default false: a
   * missing Redis fails with what to install.
   */
  boolean disabledWithoutRedis() default false;
}
