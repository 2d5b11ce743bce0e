package io.redistenancy.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.StringCodec;
import io.redistenancy.KeyPrefixCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyPrefixCodecTest {
  private final KeyPrefixCodec<String, String> codec = KeyPrefixCodec.of("acme:", StringCodec.UTF8);

  private static String text(ByteBuffer bytes) {
    return StandardCharsets.UTF_8.decode(bytes).toString();
  }

  @Test
  void keysGetThePrefixAndLoseItOnTheWayBack() {
    assertThat(text(codec.encodeKey("cart:42"))).isEqualTo("acme:cart:42");
    assertThat(codec.decodeKey(StandardCharsets.UTF_8.encode("acme:cart:42"))).isEqualTo("cart:42");
    assertThat(text(codec.encodeKey("*"))).as("a pattern stays inside the prefix").isEqualTo("acme:*");
  }

  @Test
  void valuesAndForeignKeysAreUntouched() {
    assertThat(text(codec.encodeValue("acme:v"))).isEqualTo("acme:v");
    assertThat(codec.decodeValue(StandardCharsets.UTF_8.encode("acme:v"))).isEqualTo("acme:v");
    assertThat(codec.decodeKey(StandardCharsets.UTF_8.encode("other"))).isEqualTo("other");
  }

  @Test
  void decodingConsumesTheBuffer() {
    ByteBuffer reply = StandardCharsets.UTF_8.encode("acme:k");
    codec.decodeKey(reply);
    assertThat(reply.hasRemaining()).isFalse();
  }
}
