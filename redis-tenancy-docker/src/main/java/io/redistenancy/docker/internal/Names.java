package io.redistenancy.docker.internal;

import io.redistenancy.MemorySize;
import io.redistenancy.spi.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** How this backend names and marks what it makes on the engine, and sizes containers. */
final class Names {
  static final String OWNER = "io.redistenancy.owner";
  static final String TENANT = "io.redistenancy.tenant";
  static final String SPEC_HASH = "io.redistenancy.spec-hash";
  static final String BACKEND = "io.redistenancy.backend";

  /** Headroom above {@code maxmemory} for the copy-on-write pages of a save fork and Redis's overhead. */
  static final MemorySize MIN_HEADROOM = MemorySize.ofMegabytes(64);

  private static final Pattern NAME_SAFE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,39}");

  private Names() {}

  /**
   * {@code redis-tenancy-<owner>-<tenant>}: the owner id as it is when it is a safe container-name part
   * of at most 40 characters, otherwise 16 hex digits of its SHA-256. The name only avoids clashes:
   * ownership is decided by the labels, never by the name.
   */
  static String containerName(String ownerId, TenantId id) {
    return "redis-tenancy-" + ownerPart(ownerId) + "-" + id.value();
  }

  static String ownerPart(String ownerId) {
    if (NAME_SAFE.matcher(ownerId).matches()) {
      return ownerId;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  static Map<String, String> labels(String ownerId, TenantId id, String specHash) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(BACKEND, "docker");
    labels.put(OWNER, ownerId);
    labels.put(TENANT, id.value());
    if (specHash != null) {
      labels.put(SPEC_HASH, specHash);
    }
    return labels;
  }

  /**
   * The container's memory limit (also its memory+swap limit, so it never swaps): {@code maxmemory}
   * plus half again or 64mb, whichever is more, for the fork of a background save and Redis's own
   * overhead. Never below {@code maxmemory}.
   */
  static long containerMemory(MemorySize maxMemory) {
    long max = maxMemory.toBytes();
    long half = max / 2;
    long headroom = Math.max(half, MIN_HEADROOM.toBytes());
    try {
      return Math.addExact(max, headroom);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
