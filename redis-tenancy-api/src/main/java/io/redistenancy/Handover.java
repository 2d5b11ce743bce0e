package io.redistenancy;

import java.nio.file.Path;
import java.util.List;

/**
 * What a tenant's customer needs to connect: a {@code .env} file ({@code REDIS_URL}, host and port or
 * socket, user, password) and the same as JSON. Files are written 0600: they hold the password.
 */
public interface Handover {
  /** The {@code .env} content. Holds the password: do not log it. */
  String env();

  /** The JSON content. Holds the password: do not log it. */
  String json();

  /**
   * Writes {@code NAME.env} and {@code NAME.json} into {@code directory} (created 0700 if missing),
   * each 0600, atomically, and returns their paths.
   */
  List<Path> writeTo(Path directory);
}
