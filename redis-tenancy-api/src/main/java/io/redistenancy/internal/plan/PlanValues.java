package io.redistenancy.internal.plan;

import io.redistenancy.Access;
import io.redistenancy.ClientAuth;
import io.redistenancy.BackupRetention;
import io.redistenancy.BackupSchedule;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.Persistence;
import io.redistenancy.Plan;
import io.redistenancy.SavePoint;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Turns the values both file formats share into {@link Plan.Builder} calls: the table's directives
 * ({@link PlanDirectives}) by their {@link PlanDirective.FileValue}, the others by a method each. The
 * builder and the value types own the rules; this class only adds where in which file a refused value
 * was written.
 */
final class PlanValues {
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

  /** A table directive's value as a plan file spells it ({@code hz 5}, or {@code "hz": "…"} in JSON). */
  <T> void text(int line, PlanDirective<T> directive, String setting, String text) {
    PlanDirective.FileValue<T> value = directive.fileValue().orElseThrow();
    at(line, () -> directive.set(builder, value.fromText(setting, text)));
  }

  /** A table directive's value given as a JSON number. */
  <T> void number(int line, PlanDirective<T> directive, String setting, long number) {
    PlanDirective.FileValue<T> value = directive.fileValue().orElseThrow();
    at(line, () -> directive.set(builder, value.fromNumber(setting, number)));
  }

  void persistence(int line, Persistence persistence) {
    at(line, () -> builder.persistence(persistence));
  }

  void savePoints(int line, List<SavePoint> savePoints) {
    at(line, () -> builder.savePoints(savePoints));
  }

  SavePoint savePoint(int line, long seconds, long changes) {
    return read(line, () -> new SavePoint(seconds, changes));
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

  /** A whole number of 0 or more written as digits, e.g. a redis.conf value. */
  long wholeNumber(int line, String setting, String text) {
    return read(line, () -> FileValues.wholeNumber(setting, text));
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
    return read(line, () -> FileValues.toInt(setting, value));
  }

  /** Runs one builder call, re-throwing its refusal with the file and line in front. */
  private void at(int line, Runnable setter) {
    read(line, () -> {
      setter.run();
      return null;
    });
  }

  /** Reads one value, re-throwing its refusal with the file and line in front. */
  private <T> T read(int line, Supplier<T> reading) {
    try {
      return reading.get();
    } catch (InvalidRequestException e) {
      throw file.error(line, e.getMessage());
    }
  }
}
