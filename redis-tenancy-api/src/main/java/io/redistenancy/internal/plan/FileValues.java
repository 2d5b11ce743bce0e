package io.redistenancy.internal.plan;

import io.redistenancy.EvictionPolicy;
import io.redistenancy.InvalidRequestException;
import io.redistenancy.KeyspaceEvents;
import io.redistenancy.MemorySize;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The plan-file spellings of the directive table's value types. The value types themselves
 * ({@link MemorySize#parse}, {@link EvictionPolicy#parse} …) and the plan builder own the rules; these
 * only add what any text must pass first. Refusals name the setting and the value, never its location
 * (the parsers add the file and line).
 */
final class FileValues {
  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  /** Printable ASCII: a JSON string can smuggle {@code \u0000} past the file check as an escape. */
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");

  private FileValues() {}

  static final PlanDirective.FileValue<MemorySize> MEMORY = text(MemorySize::parse, MemorySize::toString);

  static final PlanDirective.FileValue<EvictionPolicy> EVICTION_POLICY = text(EvictionPolicy::parse, EvictionPolicy::redisName);

  /** Redis's flag letters ({@code Egx}); empty for none. */
  static final PlanDirective.FileValue<KeyspaceEvents> KEYSPACE_EVENTS = new PlanDirective.FileValue<>() {
    @Override
    public KeyspaceEvents fromText(String setting, String text) {
      return KeyspaceEvents.parse(text);
    }

    @Override
    public String toText(KeyspaceEvents value) {
      return value.toRedisValue();
    }
  };

  static final PlanDirective.FileValue<Integer> WHOLE_NUMBER = number(FileValues::toInt, i -> (long) i);

  static final PlanDirective.FileValue<Duration> SECONDS = number((setting, n) -> Duration.ofSeconds(n),
      Duration::toSeconds);

  /** A whole number of 0 or more written as digits, e.g. a redis.conf value. */
  static long wholeNumber(String setting, String text) {
    if (!DIGITS.matcher(text).matches()) {
      throw new InvalidRequestException(setting + " value '" + PlanFile.shown(text)
          + "' is not a whole number of 0 or more");
    }
    if (text.length() > 18) { // 18 digits always fit in a long; beyond that no setting makes sense
      throw new InvalidRequestException(setting + " value '" + PlanFile.shown(text) + "' is too large");
    }
    return Long.parseLong(text);
  }

  static int toInt(String setting, long value) {
    if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
      throw new InvalidRequestException(setting + " value " + value + " is too large");
    }
    return (int) value;
  }

  static void requirePrintable(String setting, String text) {
    if (!PRINTABLE.matcher(text).matches()) {
      throw new InvalidRequestException(setting + " value '" + PlanFile.shown(text)
          + "' must be printable ASCII without spaces");
    }
  }

  /** A value written as a string: printable ASCII without spaces, then the type's own parser. */
  private static <T> PlanDirective.FileValue<T> text(Function<String, T> parse,
      Function<T, String> spelling) {
    return new PlanDirective.FileValue<>() {
      @Override
      public T fromText(String setting, String text) {
        requirePrintable(setting, text);
        return parse.apply(text);
      }

      @Override
      public String toText(T value) {
        return spelling.apply(value);
      }
    };
  }

  /** A whole number: digits in a .conf file, a JSON number. */
  private static <T> PlanDirective.FileValue<T> number(BiFunction<String, Long, T> convert,
      Function<T, Long> toNumber) {
    return new PlanDirective.FileValue<>() {
      @Override
      public T fromText(String setting, String text) {
        return fromNumber(setting, wholeNumber(setting, text));
      }

      @Override
      public String toText(T value) {
        return Long.toString(toNumber.apply(value));
      }

      @Override
      public boolean isNumber() {
        return true;
      }

      @Override
      public T fromNumber(String setting, long number) {
        return convert.apply(setting, number);
      }
    };
  }
}
