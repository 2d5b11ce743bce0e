package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The Java format checks on synthetic files; {@link RdbVerifierIT} checks files redis-server wrote. */
class RdbDigestTest {
  /** A minimal well-formed RDB: header, one string key, EOF, CRC-64 (little-endian). */
  static byte[] rdb(long crcOverride, boolean useOverride) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("REDIS0010".getBytes(StandardCharsets.US_ASCII));
    out.write(0xfe); // SELECTDB
    out.write(0);
    out.write(0); // string type
    out.write(1);
    out.write('k');
    out.write(1);
    out.write('v');
    out.write(0xff);
    byte[] body = out.toByteArray();
    long crc = useOverride ? crcOverride : Crc64.of(body);
    for (int i = 0; i < 8; i++) {
      out.write((int) (crc >>> (8 * i)) & 0xff);
    }
    return out.toByteArray();
  }

  private static RdbFormat.Check check(byte[] bytes, int chunk) {
    RdbDigest d = new RdbDigest();
    for (int i = 0; i < bytes.length; i += chunk) {
      d.update(bytes, i, Math.min(chunk, bytes.length - i));
    }
    return d.result();
  }

  @Test
  void wellFormedPassesWhateverTheChunking() {
    byte[] good = rdb(0, false);
    for (int chunk : new int[] {1, 2, 3, 8, 9, 10, 1000}) {
      RdbFormat.Check c = check(good, chunk);
      assertThat(c.valid()).as("chunk %d: %s", chunk, c.detail()).isTrue();
      assertThat(c.version()).isEqualTo(10);
    }
  }

  @Test
  void bitFlipIsACrcMismatch() {
    byte[] bad = rdb(0, false);
    bad[13] ^= 0x04;
    assertThat(check(bad, 4).detail()).startsWith("corrupt: CRC-64 mismatch");
  }

  @Test
  void truncatedHasNoEofMarker() {
    byte[] good = rdb(0, false);
    assertThat(check(Arrays.copyOf(good, good.length - 3), 5).detail()).contains("no end-of-file marker");
    assertThat(check(Arrays.copyOf(good, 6), 5).detail()).startsWith("truncated");
  }

  @Test
  void foreignFileIsNotAnRdb() {
    byte[] text = "hello, this is not redis data at all".getBytes(StandardCharsets.US_ASCII);
    assertThat(check(text, 7).detail()).startsWith("not an RDB file: it starts with 'hello, th'");
  }

  @Test
  void unknownVersionIsRefused() {
    byte[] future = rdb(0, false);
    future[7] = '9';
    future[8] = '9';
    assertThat(check(future, 100).detail()).isEqualTo("RDB version 99 is not supported (this library knows 1 to 12)");
  }

  @Test
  void storedZeroMeansChecksumDisabled() {
    RdbFormat.Check c = check(rdb(0, true), 100);
    assertThat(c.valid()).isTrue();
    assertThat(c.detail()).contains("checksum disabled");
  }
}
