package io.redistenancy.spi;

/** What a backend can do beyond the basics every backend does. */
public enum Capability {
  /** Clients can reach instances over a UNIX socket. */
  UNIX_SOCKET,
  /** Clients can reach instances over TCP. */
  TCP,
  /** The backend restarts an instance that crashed. */
  SUPERVISION,
  /** The backend enforces a hard memory limit beyond {@code maxmemory} (cgroups). */
  HARD_MEMORY_LIMIT,
  /** Instances can outlive the process that created them and be adopted later. */
  DETACHED_INSTANCES,
  /**
   * The backend serves {@link TlsMaterial}: a TLS listener in the {@link InstanceLayout} and TLS
   * endpoints. The engine refuses a TLS tenant on a backend without it.
   */
  TLS,
  /**
   * {@link Backend#reconfigure} changes a running instance's listeners for a new access mode (plaintext,
   * TLS, both) live, keeping open connections; without it the engine needs a restart for an access change.
   */
  LIVE_ACCESS
}
