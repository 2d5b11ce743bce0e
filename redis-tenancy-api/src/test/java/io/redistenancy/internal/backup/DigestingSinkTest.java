package io.redistenancy.internal.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file and the digest computed on the second thread see the same bytes, in order. */
class DigestingSinkTest {
  @TempDir
  Path dir;

  @Test
  void fileAndDigestAgreeWhateverTheChunking() throws Exception {
    // an RDB's frame around random content: the digest checks the header, the end marker and the CRC
    byte[] bytes = new byte[9 + (20 << 20) + 1 + 8];
    new Random(7).nextBytes(bytes);
    System.arraycopy("REDIS0010".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, bytes, 0, 9);
    int end = bytes.length - 8;
    bytes[end - 1] = (byte) 0xff;
    long crc = Crc64.of(java.util.Arrays.copyOf(bytes, end));
    for (int i = 0; i < 8; i++) {
      bytes[end + i] = (byte) (crc >>> (8 * i));
    }
    Path file = Files.createFile(dir.resolve("snapshot.rdb"));
    List<Long> progress = new ArrayList<>();
    RdbDigest digest;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
        DigestingSink sink = new DigestingSink(channel, progress::add)) {
      Random sizes = new Random(3);
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + sizes.nextInt(300_000));
        sink.write(bytes, at, n);
        at += n;
      }
      assertThat(sink.written()).isEqualTo(bytes.length);
      digest = sink.finish();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    assertThat(digest.size()).isEqualTo(bytes.length);
    assertThat(digest.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(digest.result().valid()).isTrue();
    assertThat(digest.result().detail()).startsWith("CRC-64");
    assertThat(progress).isNotEmpty().allMatch(p -> p > 0 && p <= bytes.length);
  }
}
