/**
 * The service-provider interface a backend implements: {@link io.redistenancy.spi.Backend} realizes
 * instances from a fully resolved {@link io.redistenancy.spi.InstanceSpec}, rendering configuration
 * only through {@link io.redistenancy.spi.ConfigRenderer}. Backends are found with
 * {@link io.redistenancy.spi.BackendProvider} and {@link java.util.ServiceLoader}.
 */
package io.redistenancy.spi;
