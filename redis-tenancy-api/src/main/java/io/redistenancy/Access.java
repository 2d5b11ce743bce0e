package io.redistenancy;

/**
 * How clients reach a tenant: in plaintext, only over TLS, or both. TLS certificates come from the
 * home's local CA (see {@link TlsOptions}).
 *
 * <p>On the local backend a UNIX socket is always plaintext (Redis has no TLS on sockets), so
 * {@link #TLS_ONLY} there means TCP with TLS and no socket at all, and {@link #DUAL} means the
 * plaintext socket plus TCP with TLS. Both need TCP: {@code Backends.local().tcpPorts(first, last)}.
 */
public enum Access {
  /** No TLS: the backend's plaintext endpoints (the default). */
  PLAIN,
  /** TLS only: no plaintext endpoint is rendered ({@code port 0} plus {@code tls-port}). */
  TLS_ONLY,
  /** A plaintext endpoint and a TLS one. */
  DUAL;

  /** Whether the tenant gets a certificate and a TLS endpoint. */
  public boolean usesTls() {
    return this != PLAIN;
  }
}
