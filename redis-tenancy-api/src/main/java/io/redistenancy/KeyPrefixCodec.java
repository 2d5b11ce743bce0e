package io.redistenancy;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Lettuce codec that puts a tenant's key prefix in front of every key and channel it encodes and
 * takes it off every key and channel it decodes, so an application written for a dedicated Redis
 * works unchanged on a shared server, where the tenant may only touch keys and channels that start
 * with {@link ConnectionInfo#keyPrefix()}:
 *
 * <pre>{@code
 * ConnectionInfo info = tenant.connection();
 * try (var conn = client.connect(KeyPrefixCodec.of(info), info.redisUri())) {
 *   conn.sync().set("cart:42", "…");        // the server sees acme:cart:42
 * }
 * }</pre>
 *
 * <p>Lettuce encodes with the key codec everything it types as a key: keys, channels and patterns
 * of PUBLISH/SUBSCRIBE/PSUBSCRIBE ({@code psubscribe("*")} becomes {@code acme:*}, the one pattern a
 * shared tenant may subscribe to), and also a few names that are not keys, such as the name of
 * {@code CLIENT SETNAME}. Cluster clients compute slots from the encoded key, so routing stays right.
 * Values are never touched. A decoded key that does not carry the prefix is returned unchanged.
 *
 * @param <K> the application's key type
 * @param <V> the value type
 */
public final class KeyPrefixCodec<K, V> implements RedisCodec<K, V> {
  private final byte[] prefix;
  private final RedisCodec<K, V> delegate;

  private KeyPrefixCodec(byte[] prefix, RedisCodec<K, V> delegate) {
    this.prefix = prefix;
    this.delegate = delegate;
  }

  /** Prefixes keys encoded by {@code delegate} with the UTF-8 bytes of {@code prefix}. */
  public static <K, V> KeyPrefixCodec<K, V> of(String prefix, RedisCodec<K, V> delegate) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(delegate, "delegate");
    return new KeyPrefixCodec<>(prefix.getBytes(StandardCharsets.UTF_8), delegate);
  }

  /** String keys and values (UTF-8) with the tenant's prefix; no prefix for a dedicated instance. */
  public static KeyPrefixCodec<String, String> of(ConnectionInfo connection) {
    return of(connection.keyPrefix(), StringCodec.UTF8);
  }

  /** The prefix, as given. */
  public String prefix() {
    return new String(prefix, StandardCharsets.UTF_8);
  }

  @Override
  public ByteBuffer encodeKey(K key) {
    ByteBuffer encoded = delegate.encodeKey(key);
    ByteBuffer out = ByteBuffer.allocate(prefix.length + encoded.remaining());
    out.put(prefix).put(encoded).flip();
    return out;
  }

  @Override
  public K decodeKey(ByteBuffer bytes) {
    ByteBuffer view = bytes.duplicate();
    if (startsWithPrefix(view)) {
      view.position(view.position() + prefix.length);
    }
    K key = delegate.decodeKey(view);
    bytes.position(bytes.limit());
    return key;
  }

  private boolean startsWithPrefix(ByteBuffer bytes) {
    if (bytes.remaining() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (bytes.get(bytes.position() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public ByteBuffer encodeValue(V value) {
    return delegate.encodeValue(value);
  }

  @Override
  public V decodeValue(ByteBuffer bytes) {
    return delegate.decodeValue(bytes);
  }

  @Override
  public String toString() {
    return "KeyPrefixCodec{" + prefix() + ", " + delegate + "}";
  }
}
