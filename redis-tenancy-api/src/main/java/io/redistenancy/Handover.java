package io.redistenancy;

import java.nio.file.Path;
import java.util.List;

/**
 * What a tenant's customer needs to connect: a {@code .env} file ({@code REDIS_URL}, host and port or
 * socket, user, password) and the same as JSON; for a TLS tenant also the CA certificate
 * ({@code NAME-ca.crt}) and, for mutual TLS, the client certificate and key ({@code NAME-client.crt},
 * {@code NAME-client.key}), named in {@code REDIS_TLS_CA_FILE}, {@code REDIS_TLS_CERT_FILE} and
 * {@code REDIS_TLS_KEY_FILE}. Files are written 0600: they hold the password and the key.
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
