/**
 * The systemd backend of redis-tenancy: one template-unit instance per tenant, under its own system
 * user. Exports only {@code io.redistenancy.systemd}; the implementation is internal.
 */
module io.redistenancy.systemd {
  requires transitive io.redistenancy;

  exports io.redistenancy.systemd;

  provides io.redistenancy.spi.BackendProvider with io.redistenancy.systemd.internal.SystemdBackendProvider;
}
