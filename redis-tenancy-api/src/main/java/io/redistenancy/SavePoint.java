package io.redistenancy;

/**
 * An RDB save point: snapshot after {@code seconds} if at least {@code changes} keys changed, as
 * redis.conf's {@code save 300 100}.
 */
public record SavePoint(long seconds, long changes) {
  public SavePoint {
    if (seconds < 1 || changes < 1) {
      throw new InvalidRequestException("Save point '" + seconds + " " + changes
          + "' is invalid; seconds and changes must both be 1 or more");
    }
  }
}
