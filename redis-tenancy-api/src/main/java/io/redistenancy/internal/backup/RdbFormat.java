package io.redistenancy.internal.backup;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What this library knows of the RDB format: the header, the versions, which Redis reads which. */
public final class RdbFormat {
  /** {@code REDIS} and four ASCII digits. */
  static final int HEADER_LENGTH = 9;
  static final int MIN_VERSION = 1;
  /** RDB 12 is Redis 7.4's; later versions are refused until this library learns them. */
  static final int MAX_VERSION = 12;

  private RdbFormat() {}

  /** The header's version, or -1 if the bytes are not an RDB header. */
  static int version(byte[] header) {
    if (header.length < HEADER_LENGTH || !new String(header, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")) {
      return -1;
    }
    int version = 0;
    for (int i = 5; i < HEADER_LENGTH; i++) {
      if (header[i] < '0' || header[i] > '9') {
        return -1;
      }
      version = version * 10 + (header[i] - '0');
    }
    return version;
  }

  /** The newest RDB version a Redis of {@code redisVersion} (e.g. {@code 7.0.15}) loads, if known. */
  public static Optional<Integer> maxLoadableBy(String redisVersion) {
    String[] parts = redisVersion.split("\\.");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      int v = major * 100 + minor;
      if (v >= 704) {
        return Optional.of(12);
      } else if (v >= 702) {
        return Optional.of(11);
      } else if (v >= 700) {
        return Optional.of(10);
      } else if (v >= 500) {
        return Optional.of(9);
      }
      return Optional.of(8);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String printable(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(bytes.length, HEADER_LENGTH); i++) {
      int c = bytes[i] & 0xff;
      s.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
    }
    return s.toString();
  }

  /**
   * What a format check found.
   *
   * @param valid whether the file passed
   * @param version the header's version, or -1
   * @param detail the reason it failed, or what vouches for it
   */
  record Check(boolean valid, int version, String detail) {
    static Check valid(int version, String detail) {
      return new Check(true, version, detail);
    }

    static Check invalid(String reason) {
      return new Check(false, -1, reason);
    }
  }
}
