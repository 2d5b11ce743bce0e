package io.redistenancy.internal.audit;

import io.redistenancy.Backup;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Plan;
import io.redistenancy.internal.Names;
import io.redistenancy.spi.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An operation's parameters for the audit trail. Redaction by construction: a value can only come
 * from a typed, non-secret value (a size, a duration, an enum, a number, a tenant id, a plan, a
 * backup); there is deliberately no way to add an arbitrary string, so a password or a key can never
 * reach the trail by mistake.
 */
public final class AuditParameters {
  private static final Pattern KEY = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
  private final Map<String, String> values = new LinkedHashMap<>();

  private AuditParameters() {}

  public static AuditParameters none() {
    return new AuditParameters();
  }

  public AuditParameters size(String key, MemorySize size) {
    return put(key, size.toString());
  }

  public AuditParameters duration(String key, Duration duration) {
    return put(key, duration.toString());
  }

  public AuditParameters time(String key, Instant time) {
    return put(key, time.toString());
  }

  /** An enum's constant name (never its {@code toString()}, which a type could override). */
  public AuditParameters choice(String key, Enum<?> choice) {
    return put(key, choice.name());
  }

  public AuditParameters count(String key, long count) {
    return put(key, Long.toString(count));
  }

  public AuditParameters flag(String key, boolean flag) {
    return put(key, Boolean.toString(flag));
  }

  public AuditParameters tenant(String key, TenantId tenant) {
    return put(key, tenant.value());
  }

  /** The notification flags, e.g. {@code Egx}. */
  public AuditParameters keyspaceEvents(String key, KeyspaceEvents events) {
    return put(key, events.toRedisValue());
  }

  /** The plan's name (a validated name), nothing else of it. */
  public AuditParameters plan(String key, Plan plan) {
    return put(key, plan.name());
  }

  /** The backup's id, which the library made. */
  public AuditParameters backup(String key, Backup backup) {
    return put(key, backup.id());
  }

  /** A digest the library computed, as hex. */
  public AuditParameters digest(String key, byte[] digest) {
    return put(key, HexFormat.of().formatHex(digest));
  }

  /** A name that passed the library's name rule (a plan's, a tenant's): no free text. */
  public AuditParameters name(String key, String name) {
    return put(key, Names.requireValid(key, name));
  }

  /** An identifier the library made (e.g. an alert id), checked to be one. */
  public AuditParameters identifier(String key, UUID id) {
    return put(key, id.toString());
  }

  Map<String, String> values() {
    return Collections.unmodifiableMap(values);
  }

  private AuditParameters put(String key, String value) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("audit parameter key '" + key + "' is not a camelCase word");
    }
    values.put(key, value);
    return this;
  }
}
