/**
 * The JUnit 5 testkit of redis-tenancy: {@code @RedisTenancyTest} gives every test an isolated, real
 * Redis. Exports only {@code io.redistenancy.testkit}; the extension in
 * {@code io.redistenancy.testkit.internal} is opened to JUnit, which instantiates it, and to nobody else.
 */
module io.redistenancy.testkit {
  requires transitive io.redistenancy;
  requires transitive org.junit.jupiter.api;
  requires static io.redistenancy.docker;

  exports io.redistenancy.testkit;

  opens io.redistenancy.testkit.internal to org.junit.platform.commons;
}
