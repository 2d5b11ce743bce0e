package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64Test {
  /** The check value of crc64_jones as in Redis's own crc64 test ({@code src/crc64.c}). */
  @Test
  void matchesRedisCheckValue() {
    assertThat(Crc64.of("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0xe9c6d914c4b8d9caL);
  }

  @Test
  void sliceBy8EqualsBytewiseForAnySplit() {
    byte[] data = new byte[1000];
    new Random(7).nextBytes(data);
    long whole = Crc64.of(data);
    for (int split : new int[] {0, 1, 7, 8, 9, 63, 500, 999}) {
      Crc64 c = new Crc64();
      c.update(data, 0, split);
      c.update(data, split, data.length - split);
      assertThat(c.value()).as("split at %d", split).isEqualTo(whole);
    }
    Crc64 bytewise = new Crc64();
    for (int i = 0; i < data.length; i++) {
      bytewise.update(data, i, 1);
    }
    assertThat(bytewise.value()).isEqualTo(whole);
  }
}
