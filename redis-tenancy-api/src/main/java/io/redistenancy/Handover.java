package io.redistenancy;

import java.nio.file.Path;
import java.util.List;

/**
 * What a tenant's customer needs to connect: a {@code .env} file and the same as JSON, for a TLS tenant with the
 * CA certificate ({@code NAME-ca.crt}) and, for mutual TLS, the client certificate and key ({@code
 * NAME-client.crt}, {@code NAME-client.key}) beside them. Files are written 0600: they hold the password and the
 * key.
 *
 * <p>The {@code .env} holds {@code REDIS_URL}, a standard URL for the endpoint to prefer ({@link
 * ConnectionInfo#url()}: {@code rediss://}, else {@code redis://}, else {@code unix://}); a variable per endpoint
 * ({@code REDIS_SOCKET} with the socket's path and {@code REDIS_SOCKET_URL}, {@code REDIS_TCP_URL}, {@code
 * REDIS_TLS_URL}); {@code REDIS_HOST}/{@code REDIS_PORT} (and {@code REDIS_TLS=yes}) for the preferred TCP
 * endpoint; {@code REDIS_USERNAME}, {@code REDIS_PASSWORD}, {@code REDIS_KEY_PREFIX} where there is one; and the
 * TLS files in {@code REDIS_TLS_CA_FILE}, {@code REDIS_TLS_CERT_FILE} and {@code REDIS_TLS_KEY_FILE}, by names
 * relative to the handover's directory, so the directory can be moved or copied as a whole.
 */
public interface Handover {
  /** The {@code .env} content. Holds the password: do not log it. */
  String env();

  /** The JSON content. Holds the password: do not log it. */
  String json();

  /**
   * Writes {@code NAME.env}, {@code NAME.json} and any TLS files into {@code directory} (created 0700
   * if missing), each 0600, atomically, and returns their paths (the .env and .json first).
   */
  List<Path> writeTo(Path directory);
}
