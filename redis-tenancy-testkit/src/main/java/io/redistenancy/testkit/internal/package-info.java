/**
 * The testkit's implementation. {@link io.redistenancy.testkit.internal.RedisTenancyExtension} is the
 * JUnit extension; {@code Testkit} holds one run's tenancies and pools, {@code InstancePool} and
 * {@code FlushedServer} the isolation strategies, {@code Lease} a holder's instance, {@code PortSlices}
 * this JVM's share of the TCP port range, and {@code HomeSweeper} the cleanup of dead test JVMs' homes.
 */
package io.redistenancy.testkit.internal;
