/**
 * The local backend: one {@code redis-server} child process per tenant on this machine.
 * {@link io.redistenancy.internal.local.LocalBackend} coordinates; each tenant's files, process and
 * supervision live in a {@code TenantProcess}; the small pieces around it each do one thing
 * ({@link io.redistenancy.internal.redis.RedisBinary} finds and checks the binary, {@code TenantPaths} says where files go,
 * {@code ProcessRecord} remembers a process safely across JVMs, the shared
 * {@code io.redistenancy.internal.PortAllocator} hands out TCP ports, {@code Watchdog} ends ATTACHED instances with the JVM, {@code CrashPolicy} decides restarts).
 * Not exported: use {@code Backends.local()}.
 */
package io.redistenancy.internal.local;

