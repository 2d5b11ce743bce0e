package io.redistenancy.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Where every backend puts the data a {@code Deletion.KEEP_DATA} removal keeps, so an operator
 * finds it the same way whatever the backend: {@code retained/NAME-yyyyMMddTHHmmssZ} (with
 * {@code -2}, {@code -3} … when that name is taken) under the backend's own directory for it.
 */
public final class KeptData {
  /** The directory, under a backend's work (or host) directory, that holds kept data. */
  public static final String DIRECTORY = "retained";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private KeptData() {}

  /** The entry's name for tenant {@code name} removed at {@code when}, before any {@code -N} suffix. */
  public static String entryName(String name, Instant when) {
    return name + "-" + STAMP.format(when);
  }
}
