package io.redistenancy.internal.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks an RDB as its bytes go by, in one pass: the SHA-256 of the whole file, the header, the
 * end-of-file opcode and the trailing CRC-64 (computed over everything but the last 8 bytes, which
 * hold the stored checksum). Feed it with {@link #update}, then ask {@link #result()}.
 */
final class RdbDigest {
  private static final int TRAILER = 8;
  private static final int RDB_OPCODE_EOF = 0xff;

  private final MessageDigest sha256;
  private final Crc64 crc = new Crc64();
  private final byte[] header = new byte[RdbFormat.HEADER_LENGTH];
  private int headerLength;
  /** The last up-to-9 bytes seen: the EOF opcode and the stored CRC, held back from the CRC. */
  private final byte[] tail = new byte[TRAILER + 1];
  private int tailLength;
  private long size;

  RdbDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  void update(byte[] b, int off, int len) {
    if (len <= 0) {
      return;
    }
    sha256.update(b, off, len);
    size += len;
    if (headerLength < header.length) {
      int n = Math.min(len, header.length - headerLength);
      System.arraycopy(b, off, header, headerLength, n);
      headerLength += n;
    }
    // hold back the last 8 bytes (plus one, to see the EOF opcode) from the CRC
    int keep = tail.length;
    if (len >= keep) {
      crc.update(tail, 0, tailLength);
      crc.update(b, off, len - keep);
      System.arraycopy(b, off + len - keep, tail, 0, keep);
      tailLength = keep;
    } else {
      byte[] joined = Arrays.copyOf(tail, tailLength + len);
      System.arraycopy(b, off, joined, tailLength, len);
      int spill = Math.max(0, joined.length - keep);
      crc.update(joined, 0, spill);
      tailLength = joined.length - spill;
      System.arraycopy(joined, spill, tail, 0, tailLength);
    }
  }

  long size() {
    return size;
  }

  String sha256() {
    return HexFormat.of().formatHex(((MessageDigest) cloneDigest()).digest());
  }

  private Object cloneDigest() {
    try {
      return sha256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests are cloneable in every JDK", e);
    }
  }

  /** What the bytes so far say about the file: valid, or the first reason it is not. */
  RdbFormat.Check result() {
    if (headerLength < header.length) {
      return RdbFormat.Check.invalid("truncated: " + size + " bytes, shorter than an RDB header");
    }
    int version = RdbFormat.version(header);
    if (version < 0) {
      return RdbFormat.Check.invalid("not an RDB file: it starts with '" + RdbFormat.printable(header)
          + "', not 'REDIS' and a four-digit version");
    }
    if (version < RdbFormat.MIN_VERSION || version > RdbFormat.MAX_VERSION) {
      return RdbFormat.Check.invalid("RDB version " + version + " is not supported (this library knows "
          + RdbFormat.MIN_VERSION + " to " + RdbFormat.MAX_VERSION + ")");
    }
    if (tailLength < TRAILER + 1 || size < header.length + TRAILER + 1) {
      return RdbFormat.Check.invalid("truncated: " + size + " bytes, no room for the end-of-file marker and checksum");
    }
    if ((tail[0] & 0xff) != RDB_OPCODE_EOF) {
      return RdbFormat.Check.invalid("truncated or corrupt: no end-of-file marker (0xFF) before the checksum");
    }
    long stored = 0;
    for (int i = TRAILER - 1; i >= 0; i--) {
      stored = (stored << 8) | (tail[1 + i] & 0xff);
    }
    // the CRC covers the EOF opcode too
    Crc64 total = copyOfCrcWithEof();
    if (stored == 0) {
      return RdbFormat.Check.valid(version, "checksum disabled by the writer (stored CRC-64 is 0)");
    }
    if (total.value() != stored) {
      return RdbFormat.Check.invalid(String.format("corrupt: CRC-64 mismatch (stored %016x, computed %016x)",
          stored, total.value()));
    }
    return RdbFormat.Check.valid(version, String.format("CRC-64 %016x ok", stored));
  }

  private Crc64 copyOfCrcWithEof() {
    Crc64 copy = new Crc64();
    // Crc64 has no public state setter; replay is unnecessary: value() of crc plus the EOF byte
    copy.resume(crc.value());
    copy.update(tail, 0, 1);
    return copy;
  }
}
