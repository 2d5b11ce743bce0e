package io.redistenancy.benchmarks.backup;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline: what a careful script does to a plain redis-server. {@code BGSAVE}, poll {@code INFO
 * persistence} until {@code rdb_bgsave_in_progress:0} with {@code rdb_last_bgsave_status:ok}, then copy
 * {@code dump.rdb} and fsync the copy. No verification.
 */
final class RawSnapshot {
  private RawSnapshot() {}

  /** Takes one snapshot of the server whose data directory is {@code dir} into {@code target}; returns nanos. */
  static long take(StatefulRedisConnection<String, String> connection, Path dir, Path target) throws InterruptedException {
    RedisCommands<String, String> redis = connection.sync();
    long start = System.nanoTime();
    redis.bgsave();
    while (redis.info("persistence").contains("rdb_bgsave_in_progress:1")) {
      Thread.sleep(5);
    }
    if (!redis.info("persistence").contains("rdb_last_bgsave_status:ok")) {
      throw new IllegalStateException("the raw redis-server's BGSAVE failed; see its log in " + dir);
    }
    try (FileChannel in = FileChannel.open(dir.resolve("dump.rdb"), StandardOpenOption.READ);
        FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long size = in.size();
      for (long done = 0; done < size; ) {
        done += in.transferTo(done, size - done, out);
      }
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the raw snapshot to " + target, e);
    }
    return System.nanoTime() - start;
  }

  static void delete(Path target) {
    try {
      Files.deleteIfExists(target);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
