package io.redistenancy.internal.backup;

/**
 * Redis's CRC-64 ({@code crc64_jones} in {@code src/crc64.c}): the Jones polynomial
 * {@code 0xad93d23594c935a9}, reflected input and output, initial value 0, no final xor; check value
 * of {@code "123456789"} is {@code 0xe9c6d914c4b8d9ca}. Redis appends it, little-endian, to every RDB
 * (over everything before it); a stored 0 means the writer had {@code rdbchecksum no}. Slice-by-8 for
 * speed: a 1 GiB snapshot is checked while it streams in. Not thread-safe; one instance per stream.
 */
public final class Crc64 {
  /** The Jones polynomial, bit-reversed for the reflected algorithm. */
  private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
  private static final long[][] TABLES = tables();

  private long crc;

  private static long[][] tables() {
    long[][] t = new long[8][256];
    for (int n = 0; n < 256; n++) {
      long c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
      }
      t[0][n] = c;
    }
    for (int n = 0; n < 256; n++) {
      long c = t[0][n];
      for (int k = 1; k < 8; k++) {
        c = t[0][(int) (c & 0xff)] ^ (c >>> 8);
        t[k][n] = c;
      }
    }
    return t;
  }

  public void update(byte[] b, int off, int len) {
    long c = crc;
    long[] t0 = TABLES[0];
    int i = off;
    int end = off + len;
    long[][] t = TABLES;
    while (end - i >= 8) {
      c ^= (b[i] & 0xffL) | (b[i + 1] & 0xffL) << 8 | (b[i + 2] & 0xffL) << 16 | (b[i + 3] & 0xffL) << 24
          | (b[i + 4] & 0xffL) << 32 | (b[i + 5] & 0xffL) << 40 | (b[i + 6] & 0xffL) << 48 | (b[i + 7] & 0xffL) << 56;
      c = t[7][(int) (c & 0xff)] ^ t[6][(int) ((c >>> 8) & 0xff)] ^ t[5][(int) ((c >>> 16) & 0xff)]
          ^ t[4][(int) ((c >>> 24) & 0xff)] ^ t[3][(int) ((c >>> 32) & 0xff)] ^ t[2][(int) ((c >>> 40) & 0xff)]
          ^ t[1][(int) ((c >>> 48) & 0xff)] ^ t0[(int) (c >>> 56)];
      i += 8;
    }
    while (i < end) {
      c = t0[(int) ((c ^ b[i++]) & 0xff)] ^ (c >>> 8);
    }
    crc = c;
  }

  /** Continues a CRC whose value so far is {@code value}. */
  void resume(long value) {
    crc = value;
  }

  public long value() {
    return crc;
  }

  /** The CRC of {@code b}. */
  public static long of(byte[] b) {
    Crc64 c = new Crc64();
    c.update(b, 0, b.length);
    return c.value();
  }
}
