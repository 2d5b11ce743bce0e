package io.redistenancy;

import io.redistenancy.internal.Names;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory in bytes. Parses sizes the way redis.conf does: {@code 512k} and {@code 1gb}
 * are powers of 1024 ({@code k}, {@code kb}, {@code m}, {@code mb}, {@code g}, {@code gb}), a plain
 * number is bytes.
 */
public final class MemorySize implements Comparable<MemorySize> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)(b|k|kb|m|mb|g|gb)?");
  private static final long KIB = 1024L;
  private static final long MIB = KIB * 1024;
  private static final long GIB = MIB * 1024;

  public static final MemorySize ZERO = new MemorySize(0);

  private final long bytes;

  private MemorySize(long bytes) {
    this.bytes = bytes;
  }

  public static MemorySize ofBytes(long bytes) {
    if (bytes < 0) {
      throw new InvalidRequestException("Memory size " + bytes + " bytes is negative; sizes are 0 or more");
    }
    return new MemorySize(bytes);
  }

  public static MemorySize ofKilobytes(long kilobytes) {
    return ofBytes(multiply(kilobytes, KIB, kilobytes + "k"));
  }

  public static MemorySize ofMegabytes(long megabytes) {
    return ofBytes(multiply(megabytes, MIB, megabytes + "mb"));
  }

  public static MemorySize ofGigabytes(long gigabytes) {
    return ofBytes(multiply(gigabytes, GIB, gigabytes + "gb"));
  }

  /**
   * Parses {@code 256mb}, {@code 1gb}, {@code 512k}, {@code 1048576}: case-insensitive, no spaces,
   * no fractions, no signs.
   *
   * @throws InvalidRequestException naming the text and the accepted forms
   */
  public static MemorySize parse(String text) {
    if (text == null) {
      throw new NullPointerException("text");
    }
    Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InvalidRequestException("Memory size '" + printable(text)
          + "' is not a size; use a whole number with an optional unit: 1048576, 512k, 256mb, 1gb");
    }
    long number;
    try {
      number = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("Memory size '" + printable(text) + "' is too large");
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    long factor = switch (unit) {
      case "k", "kb" -> KIB;
      case "m", "mb" -> MIB;
      case "g", "gb" -> GIB;
      default -> 1;
    };
    return ofBytes(multiply(number, factor, printable(text)));
  }

  private static long multiply(long value, long factor, String text) {
    if (value < 0) {
      throw new InvalidRequestException("Memory size " + text + " is negative; sizes are 0 or more");
    }
    try {
      return Math.multiplyExact(value, factor);
    } catch (ArithmeticException e) {
      throw new InvalidRequestException("Memory size '" + text + "' is too large");
    }
  }

  private static String printable(String text) {
    String masked = Names.masked(text);
    return masked.length() > 40 ? masked.substring(0, 40) + "…" : masked;
  }

  public long toBytes() {
    return bytes;
  }

  public long toMegabytes() {
    return bytes / MIB;
  }

  public MemorySize plus(MemorySize other) {
    try {
      return ofBytes(Math.addExact(bytes, other.bytes));
    } catch (ArithmeticException e) {
      throw new InvalidRequestException("Memory size " + this + " plus " + other + " is too large");
    }
  }

  /** The form redis.conf and CONFIG SET accept: plain bytes, exact whatever the unit it came in. */
  public String toRedisValue() {
    return Long.toString(bytes);
  }

  @Override
  public int compareTo(MemorySize other) {
    return Long.compare(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MemorySize other && other.bytes == bytes;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(bytes);
  }

  /** The largest whole unit: {@code 256mb}, {@code 1gb}, {@code 1536k}, {@code 100b}. */
  @Override
  public String toString() {
    if (bytes != 0 && bytes % GIB == 0) {
      return bytes / GIB + "gb";
    }
    if (bytes != 0 && bytes % MIB == 0) {
      return bytes / MIB + "mb";
    }
    if (bytes != 0 && bytes % KIB == 0) {
      return bytes / KIB + "k";
    }
    return bytes + "b";
  }
}
