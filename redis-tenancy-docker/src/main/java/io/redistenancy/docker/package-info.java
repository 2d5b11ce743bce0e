/**
 * The Docker backend: {@link io.redistenancy.docker.DockerBackends#docker()} gives its settings, to
 * pass to {@code RedisTenancy.Builder.backend(…)}. Also found by {@link java.util.ServiceLoader} (with
 * a lower priority than the local backend) when a Docker engine answers.
 */
package io.redistenancy.docker;
