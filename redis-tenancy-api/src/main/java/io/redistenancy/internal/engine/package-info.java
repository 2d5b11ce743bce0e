/**
 * The engine: everything that is the same on every backend. Its entry points:
 *
 * <ul>
 *   <li>{@link io.redistenancy.internal.engine.TenancyEngine#open} opens a home and is the
 *       {@link io.redistenancy.RedisTenancy}; {@code EngineTenant} is a
 *       {@link io.redistenancy.Tenant} handle on it;
 *   <li>{@code TenantOperations}: what can be done to one tenant, each
 *       mutation recorded before and after, under the tenant's lock;
 *   <li>{@code BackupService} (creation, restore, retention) and
 *       {@code ScheduledBackups} (the schedule and the fleet overview);
 *   <li>{@code Reconciler} (repairs after a crash) and
 *       {@code Housekeeping} (password grace periods, certificate expiry).
 * </ul>
 *
 * The engine talks to exactly two seams of the SPI: the {@link io.redistenancy.spi.Backend}, which
 * realizes instances, and the {@link io.redistenancy.spi.TenantAdministration} of the backend's kind of
 * tenant, chosen once per tenancy in {@code TenantKind}: the backend's own,
 * or {@code DedicatedAdministration} when it gives none. How backups reach
 * a kind's data follows from it ({@code TenantData}): a dedicated
 * instance's files, a server reached over the network ({@link io.redistenancy.spi.RemoteAccess}), or
 * none. No engine class asks which kind it has.
 */
package io.redistenancy.internal.engine;
