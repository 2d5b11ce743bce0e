/**
 * The JUnit 5 testkit: {@link io.redistenancy.testkit.RedisTenancyTest} on a test class gives its
 * tests isolated, real Redis instances, as parameters or {@link io.redistenancy.testkit.IsolatedRedis}
 * fields. {@link io.redistenancy.testkit.Scope} says how long an instance lives,
 * {@link io.redistenancy.testkit.Isolation} how it is kept apart from other tests (a dedicated
 * server, a flushed server taken in turns, or an ACL user with a key prefix on a shared server; each
 * mode documents what it guarantees), {@link io.redistenancy.testkit.BackendChoice} where it runs
 * (local processes, or containers through the library's own Docker backend, not Testcontainers).
 */
package io.redistenancy.testkit;
