package io.redistenancy.contract;

import io.redistenancy.internal.backup.Crc64;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Crafted {@code DUMP} payloads. A payload is the serialized value, two bytes of RDB version and the
 * CRC-64 of all that, little-endian: a payload edited inside and re-checksummed passes the cheap
 * version and checksum check, and only {@code sanitize-dump-payload yes} (a full check of the value's
 * structure) refuses it.
 */
final class DumpPayloads {
  private static final int CRC_BYTES = 8;

  private DumpPayloads() {}

  /**
   * {@code payload} with every {@code from} replaced by {@code to} (of the same length) and a valid
   * checksum again: for a small hash's payload and one field name by another, a hash that holds one
   * field twice, which no Redis command can make and which breaks the server's lookups.
   */
  static byte[] withDuplicatedField(byte[] payload, String from, String to) {
    byte[] f = from.getBytes(StandardCharsets.US_ASCII);
    byte[] t = to.getBytes(StandardCharsets.US_ASCII);
    if (f.length != t.length) {
      throw new IllegalArgumentException("the replacement must keep every length in the payload");
    }
    requireValidChecksum(payload);
    byte[] body = Arrays.copyOf(payload, payload.length - CRC_BYTES);
    int replaced = 0;
    for (int i = 0; i + f.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + f.length, f, 0, f.length)) {
        System.arraycopy(t, 0, body, i, t.length);
        replaced++;
      }
    }
    if (replaced != 1) {
      throw new IllegalArgumentException("'" + from + "' occurs " + replaced + " times in the payload, not once"
          + " (a compressed payload cannot be edited this way)");
    }
    return withChecksum(body);
  }

  private static void requireValidChecksum(byte[] payload) {
    byte[] body = Arrays.copyOf(payload, payload.length - CRC_BYTES);
    if (!Arrays.equals(withChecksum(body), payload)) {
      throw new IllegalStateException("the payload's checksum is not the CRC-64 this helper computes");
    }
  }

  private static byte[] withChecksum(byte[] body) {
    return ByteBuffer.allocate(body.length + CRC_BYTES).order(ByteOrder.LITTLE_ENDIAN)
        .put(body).putLong(Crc64.of(body)).array();
  }
}
