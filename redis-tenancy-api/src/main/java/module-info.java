/**
 * redis-tenancy: an isolated Redis per tenant, on the backend you already run. Exports the API
 * ({@code io.redistenancy}) and the SPI for backends ({@code io.redistenancy.spi}); everything under
 * {@code io.redistenancy.internal} is private.
 */
module io.redistenancy {
  requires transitive lettuce.core;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;
  requires jdk.management; // the machine's memory, the default ceiling of a tenant's maxmemory
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.provider;
  requires java.net.http; // the webhook alert notifier
  requires static jakarta.mail; // the e-mail alert notifier, only for users who add Angus Mail

  exports io.redistenancy;
  exports io.redistenancy.spi;
  // shared file and lock helpers for the library's own backend modules only
  exports io.redistenancy.internal to io.redistenancy.docker, io.redistenancy.systemd, io.redistenancy.testkit;

  opens io.redistenancy.internal.state to com.fasterxml.jackson.databind;
  opens io.redistenancy.internal.backup to com.fasterxml.jackson.databind;
  opens io.redistenancy.internal.alerts to com.fasterxml.jackson.databind;

  uses io.redistenancy.spi.BackendProvider;

  provides io.redistenancy.spi.BackendProvider with io.redistenancy.internal.local.LocalBackendProvider;
}
