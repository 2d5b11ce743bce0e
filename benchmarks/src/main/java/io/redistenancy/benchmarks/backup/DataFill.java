package io.redistenancy.benchmarks.backup;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The same data for every contender: {@code bytes / VALUE} string keys of {@code VALUE} characters each,
 * taken from a pool of random letters and digits (which LZF, the RDB's compression, barely shrinks, so
 * the snapshot is about as large as the data), written pipelined.
 */
final class DataFill {
  static final int VALUE = 16 * 1024;
  private static final int BATCH = 64;
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final String pool;

  DataFill() {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder(VALUE * 64);
    for (int i = 0; i < VALUE * 64; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    this.pool = text.toString();
  }

  static long keys(long bytes) {
    return Math.max(1, bytes / VALUE);
  }

  /** Writes {@link #keys} keys; returns how many. */
  long fill(StatefulRedisConnection<String, String> connection, long bytes) {
    long keys = keys(bytes);
    RedisAsyncCommands<String, String> redis = connection.async();
    connection.setAutoFlushCommands(false);
    try {
      List<RedisFuture<String>> pending = new ArrayList<>(BATCH);
      for (long i = 0; i < keys; i++) {
        int offset = (int) ((i * 7919) % (pool.length() - VALUE));
        pending.add(redis.set("key:" + i, pool.substring(offset, offset + VALUE)));
        if (pending.size() == BATCH || i == keys - 1) {
          connection.flushCommands();
          if (!LettuceFutures.awaitAll(Duration.ofMinutes(1), pending.toArray(new RedisFuture[0]))) {
            throw new IllegalStateException("writing the test data timed out");
          }
          pending.clear();
        }
      }
    } finally {
      connection.setAutoFlushCommands(true);
    }
    return keys;
  }
}
