/**
 * The Docker backend's implementation. {@link io.redistenancy.docker.internal.DockerBackend} coordinates;
 * {@code ContainerTemplate} is the hardened container shape, {@code TenantFiles} and {@code HostFiles} the
 * host-side files, {@code PortReservations} and {@code PortLockFile} the host ports, {@code EventStream}
 * and {@code EngineEvents} the crash reports from the engine's event stream, {@code ImageSwap} the moves
 * {@link io.redistenancy.docker.FleetUpgrade} makes, and {@code VersionCheck} the vulnerable-version
 * warnings.
 */
package io.redistenancy.docker.internal;
