/**
 * The Docker backend of redis-tenancy: one hardened container per tenant. Exports only
 * {@code io.redistenancy.docker}; the implementation in {@code io.redistenancy.docker.internal} is
 * private.
 */
module io.redistenancy.docker {
  requires transitive io.redistenancy;
  requires com.github.dockerjava.api;
  requires com.github.dockerjava.core;
  requires com.github.dockerjava.transport;
  requires com.github.dockerjava.transport.zerodep;
  requires org.slf4j;

  exports io.redistenancy.docker;

  provides io.redistenancy.spi.BackendProvider with io.redistenancy.docker.internal.DockerBackendProvider;
}
