/**
 * The systemd backend of redis-tenancy: {@link io.redistenancy.systemd.SystemdBackends#systemd()}
 * gives its settings, which are the {@link io.redistenancy.spi.BackendFactory} a tenancy takes; a
 * {@link io.redistenancy.systemd.CommandRunner} is the seam through which it runs {@code systemctl}
 * and friends, on this machine or inside a container.
 */
package io.redistenancy.systemd;
