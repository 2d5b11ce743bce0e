package io.redistenancy.benchmarks.backup;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redistenancy.Backup;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.Plans;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.benchmarks.Leftovers;
import io.redistenancy.benchmarks.Stats;
import io.redistenancy.benchmarks.TempDir;
import io.redistenancy.benchmarks.provision.ProcFs;
import io.redistenancy.benchmarks.provision.RawRedis;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code benchmarks/run backup [--bytes 1g] [--rounds 3]}: a local tenant and a plain redis-server hold
 * the same data; each round times {@code tenant.backups().create()} (snapshot over the replication
 * protocol, stored and verified) against a raw {@code BGSAVE} + copy, in alternating order, then
 * {@code restore} of the backup.
 */
public final class BackupBenchmark {
  private static final long MIB = 1024 * 1024;

  private BackupBenchmark() {}

  /** @param bytes how much data the tenant holds, @param rounds measured rounds */
  record Options(long bytes, int rounds) {
    static Options parse(String... args) {
      long bytes = 1024 * MIB;
      int rounds = 3;
      for (int i = 0; i < args.length; i += 2) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null || !(args[i].equals("--bytes") || args[i].equals("--rounds"))) {
          throw new IllegalArgumentException("usage: backup [--bytes 1g] [--rounds 3]; got '" + String.join(" ", args) + "'");
        }
        if (args[i].equals("--bytes")) {
          bytes = parseBytes(value);
        } else {
          rounds = parseRounds(value);
        }
      }
      return new Options(bytes, rounds);
    }

    private static long parseBytes(String value) {
      long bytes;
      try {
        bytes = MemorySize.parse(value).toBytes();
      } catch (InvalidRequestException e) {
        throw new IllegalArgumentException("--bytes: " + e.getMessage());
      }
      if (bytes < MIB || bytes > 64 * 1024 * MIB) {
        throw new IllegalArgumentException("--bytes " + value + " is out of range: 1m to 64g");
      }
      return bytes;
    }

    private static int parseRounds(String value) {
      try {
        int rounds = Integer.parseInt(value);
        if (rounds >= 1 && rounds <= 100) {
          return rounds;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException("--rounds needs a whole number from 1 to 100; got '" + value + "'");
    }
  }

  public static void main(String[] args) throws Exception {
    run(Options.parse(args), System.out);
  }

  /** One round's figures, in nanoseconds. */
  record Round(long backup, long raw, long restore, long size) {}

  static void run(Options options, PrintStream out) throws Exception {
    double loadBefore = ProcFs.loadAverage();
    RedisClient client = RedisClient.create();
    try (TempDir home = TempDir.create("rtb-bk-");
        TempDir copies = TempDir.create("rtb-bk-raw-");
        RedisTenancy tenancy = open(home, options.bytes());
        RawRedis raw = new RawRedis();
        RawRedis.Instance server = raw.start();
        StatefulRedisConnection<String, String> rawConnection = client.connect(
            RedisURI.Builder.socket(server.socket().toString()).withTimeout(Duration.ofMinutes(5)).build())) {
      Tenant tenant = tenancy.create("bench").plan("bench").apply();
      DataFill data = new DataFill();
      System.err.printf("writing %d MiB into the tenant and into the raw redis-server ...%n", options.bytes() / MIB);
      long keys;
      try (StatefulRedisConnection<String, String> connection = tenant.connect()) {
        keys = data.fill(connection, options.bytes());
      }
      data.fill(rawConnection, options.bytes());
      List<Round> rounds = new ArrayList<>();
      for (int round = 0; round < options.rounds(); round++) {
        rounds.add(round(tenant, rawConnection, server.dir(), copies.path().resolve("dump-" + round + ".rdb"),
            round % 2 == 0));
        System.err.print(".");
      }
      System.err.println();
      double loadAfter = ProcFs.loadAverage();
      new BackupReport(options, keys, rounds, new double[] {loadBefore, loadAfter}).print(out);
    } finally {
      client.shutdown();
    }
  }

  /** Backup and raw snapshot (the order alternates between rounds), then restore; cleans up after itself. */
  private static Round round(Tenant tenant, StatefulRedisConnection<String, String> rawConnection, Path rawDir,
      Path rawCopy, boolean libraryFirst) throws InterruptedException {
    long rawNanos = 0;
    if (!libraryFirst) {
      rawNanos = RawSnapshot.take(rawConnection, rawDir, rawCopy);
    }
    long start = System.nanoTime();
    Backup backup = tenant.backups().create();
    long backupNanos = System.nanoTime() - start;
    if (libraryFirst) {
      rawNanos = RawSnapshot.take(rawConnection, rawDir, rawCopy);
    }
    RawSnapshot.delete(rawCopy);
    start = System.nanoTime();
    tenant.backups().restore(backup);
    long restoreNanos = System.nanoTime() - start;
    tenant.backups().delete(backup);
    return new Round(backupNanos, rawNanos, restoreNanos, backup.size());
  }

  private static RedisTenancy open(TempDir home, long bytes) {
    Plan plan = Plan.builder("bench").persistence(Persistence.NONE)
        .maxMemory(MemorySize.ofBytes(bytes * 2 + 256 * MIB)).build();
    return Leftovers.closeOnShutdown(RedisTenancy.builder().home(home.path().resolve("home")).plans(Plans.of(plan))
        .readyTimeout(Duration.ofMinutes(10)).build());
  }

  static Stats stats(List<Round> rounds, java.util.function.ToLongFunction<Round> figure) {
    return Stats.ofNanos(rounds.stream().map(r -> figure.applyAsLong(r)).toList());
  }
}
