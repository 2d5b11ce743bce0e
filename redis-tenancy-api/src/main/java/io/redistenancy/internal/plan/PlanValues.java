package io.redistenancy.internal.plan;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns the values both file formats share into {@link Plan.Builder} calls. The builder and the
 * value types ({@link MemorySize#parse}, {@link EvictionPolicy#parse}, {@link SavePoint}) own the
 * rules; this class only adds where in which file a refused value was written.
 */
final class PlanValues {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  /** Printable ASCII: a JSON string can smuggle {@code \u0000} past the file check as an escape. */
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

  private static final long MAX_RETENTION_DAYS = 36_500;
  /** A schedule's text form: {@code daily 03:00}, {@code every PT6H}, with a space. */
  private static final Pattern SCHEDULE = Pattern.compile("[A-Za-z0-9:. ]+");

  private final PlanFile file;
  private final Plan.Builder builder;
  private int retentionCount = BackupRetention.DEFAULT.maxCount();
  private Duration retentionAge = BackupRetention.DEFAULT.maxAge();
  private int retentionLine;

  PlanValues(PlanFile file, String planName) {
    this.file = file;
    this.builder = Plan.builder(planName);
  }

  void maxMemory(int line, String setting, String text) {
    requirePrintable(line, setting, text);
    at(line, () -> builder.maxMemory(MemorySize.parse(text)));
  }

  void evictionPolicy(int line, String setting, String text) {
    requirePrintable(line, setting, text);
    at(line, () -> builder.evictionPolicy(EvictionPolicy.parse(text)));
  }

  void persistence(int line, Persistence persistence) {
    at(line, () -> builder.persistence(persistence));
  }

  void savePoints(int line, List<SavePoint> savePoints) {
    at(line, () -> builder.savePoints(savePoints));
  }

  SavePoint savePoint(int line, long seconds, long changes) {
    try {
      return new SavePoint(seconds, changes);
    } catch (InvalidRequestException e) {
      throw file.error(line, e.getMessage());
    }
  }

  void maxClients(int line, String setting, long value) {
    int checked = toInt(line, setting, value);
    at(line, () -> builder.maxClients(checked));
  }

  void databases(int line, String setting, long value) {
    int checked = toInt(line, setting, value);
    at(line, () -> builder.databases(checked));
  }

  void idleTimeoutSeconds(int line, long seconds) {
    at(line, () -> builder.idleTimeout(Duration.ofSeconds(seconds)));
  }

  void access(int line, String setting, String text) {
    builder.access(oneOf(line, setting, text, Access.class));
  }

  void clientAuth(int line, String setting, String text) {
    builder.clientAuth(oneOf(line, setting, text, ClientAuth.class));
  }

  private <E extends Enum<E>> E oneOf(int line, String setting, String text, Class<E> type) {
    for (E value : type.getEnumConstants()) {
      if (value.name().equals(text)) {
        return value;
      }
    }
    throw file.error(line, setting + " '" + PlanFile.shown(text) + "' is not one of "
        + java.util.Arrays.toString(type.getEnumConstants()));
  }

  /** Redis's flag letters ({@code Egx}); empty for none. */
  void keyspaceEvents(int line, String text) {
    at(line, () -> builder.keyspaceEvents(KeyspaceEvents.parse(text)));
  }

  void tcpKeepAliveSeconds(int line, long seconds) {
    at(line, () -> builder.tcpKeepAlive(Duration.ofSeconds(seconds)));
  }

  /** A whole number of 0 or more written as digits, e.g. a redis.conf value. */
  long wholeNumber(int line, String setting, String text) {
    if (!DIGITS.matcher(text).matches()) {
      throw file.error(line, setting + " value '" + PlanFile.shown(text) + "' is not a whole number of 0 or more");
    }
    if (text.length() > 18) { // 18 digits always fit in a long; beyond that no setting makes sense
      throw file.error(line, setting + " value '" + PlanFile.shown(text) + "' is too large");
    }
    return Long.parseLong(text);
  }

  void backupSchedule(int line, String setting, String text) {
    if (!SCHEDULE.matcher(text).matches()) {
      throw file.error(line, setting + " value '" + PlanFile.shown(text) + "' is not a schedule; use none, daily, "
          + "daily 03:00 or every PT6H");
    }
    at(line, () -> builder.backupSchedule(BackupSchedule.parse(text)));
  }

  void backupRetentionCount(int line, String setting, long count) {
    retentionCount = toInt(line, setting, count);
    retentionLine = line;
  }

  void backupRetentionDays(int line, String setting, long days) {
    if (days < 1 || days > MAX_RETENTION_DAYS) {
      throw file.error(line, setting + " " + days + " is out of range; allowed 1 to " + MAX_RETENTION_DAYS);
    }
    retentionAge = Duration.ofDays(days);
    retentionLine = line;
  }

  Plan build() {
    if (retentionLine > 0) {
      at(retentionLine, () -> builder.backupRetention(new BackupRetention(retentionCount, retentionAge)));
    }
    try {
      return builder.build();
    } catch (InvalidRequestException e) {
      throw file.error(e.getMessage());
    }
  }

  private int toInt(int line, String setting, long value) {
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw file.error(line, setting + " value " + value + " is too large");
    }
    return (int) value;
  }

  private void requirePrintable(int line, String setting, String text) {
    if (!PRINTABLE.matcher(text).matches()) {
      throw file.error(line, setting + " value '" + PlanFile.shown(text)
          + "' must be printable ASCII without spaces");
    }
  }

  /** Runs one builder call, re-throwing its refusal with the file and line in front. */
  private void at(int line, Runnable setter) {
    try {
      setter.run();
    } catch (InvalidRequestException e) {
      throw file.error(line, e.getMessage());
    }
  }
}
