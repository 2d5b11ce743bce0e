package io.redistenancy.internal.plan;

import io.redistenancy.InvalidRequestException;
import io.redistenancy.Plan;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * One plan setting, everything about it in one place (the table is {@link PlanDirectives}): its
 * default and checks (which {@link Plan.Builder} applies), whether it shapes the instance (then it is
 * part of {@code InstanceSpec.hash()}), and optionally its plan-file form (read by both parsers and
 * stored in tenant records by its text), its redis.conf line and whether {@code CONFIG SET} changes it
 * live. Identity equality: each directive exists once, in the table.
 *
 * @param <T> the typed value; only typed values are ever rendered, never the text a file held
 */
public final class PlanDirective<T> {
  /** How a value is written in a plan file ({@code hz 5}, {@code "hz": 5}) and read back. */
  public interface FileValue<T> {
    /** Parses a plan file's text; the message of a refusal names {@code setting}, the value and what is allowed. */
    T fromText(String setting, String text);

    /** The text {@link #fromText} reads back to {@code value}: a plan file's spelling. */
    String toText(T value);

    /** Whether JSON plans give it as a number (then {@link #fromNumber}) rather than a string. */
    default boolean isNumber() {
      return false;
    }

    default T fromNumber(String setting, long number) {
      throw new UnsupportedOperationException(setting + " is not a number");
    }
  }

  private final String key;
  private final T defaultValue;
  private final T example;
  private final UnaryOperator<T> check;
  private final Function<Plan, T> getter;
  private final BiConsumer<Plan.Builder, T> setter;
  private final boolean shapesInstance;
  private final String fileName;
  private final String jsonKey;
  private final FileValue<T> fileValue;
  private final Pattern fileToken;
  private final Function<T, String> redisValue;
  private final T redisDefault;
  private final boolean live;
  private final boolean serverWide;

  private PlanDirective(Builder<T> b) {
    this.key = b.key;
    this.defaultValue = b.defaultValue;
    this.example = b.example;
    this.check = b.check;
    this.getter = b.getter;
    this.setter = b.setter;
    this.shapesInstance = b.shapesInstance;
    this.fileName = b.fileName;
    this.jsonKey = b.jsonKey;
    this.fileValue = b.fileValue;
    this.fileToken = b.fileToken;
    this.redisValue = b.redisValue;
    this.redisDefault = b.redisDefault;
    this.live = b.live;
    this.serverWide = b.serverWide;
    if (check.apply(example).equals(defaultValue)) {
      throw new IllegalArgumentException(key + ": the example must differ from the default");
    }
  }

  /**
   * Starts a directive: {@code key} is the name of its {@link Plan} accessor and builder setter, which
   * {@code getter} and {@code setter} are; {@code example} is a valid value other than the default.
   */
  static <T> Builder<T> of(String key, T defaultValue, T example, Function<Plan, T> getter,
      BiConsumer<Plan.Builder, T> setter) {
    return new Builder<>(key, defaultValue, example, getter, setter);
  }

  /** The name of its {@link Plan} accessor and builder setter, e.g. {@code maxMemory}. */
  public String key() {
    return key;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** A valid value other than the default, for messages and tests. */
  public T example() {
    return example;
  }

  /** The checked value, or a refusal naming the value and what is allowed. */
  public T check(T value) {
    return check.apply(Objects.requireNonNull(value, key));
  }

  public T valueIn(Plan plan) {
    return getter.apply(plan);
  }

  /** Sets {@code value} through the builder's public setter, so its check applies. */
  public void set(Plan.Builder builder, T value) {
    setter.accept(builder, value);
  }

  /** Whether it shapes the running instance: then it is hashed. The rest (e.g. backup timing) serve the library. */
  public boolean shapesInstance() {
    return shapesInstance;
  }

  /** Its text in {@code InstanceSpec.hash()}: typed values' own spelling, lossless. */
  public String hashText(Plan plan) {
    return key + "=" + valueIn(plan);
  }

  /** Its name in {@code .conf} plan files (and in redis.conf), if plan files can set it by itself. */
  public Optional<String> fileName() {
    return Optional.ofNullable(fileName);
  }

  /** Its key in {@code .json} plan files, if plan files can set it by itself. */
  public Optional<String> jsonKey() {
    return Optional.ofNullable(jsonKey);
  }

  /** How plan files and tenant records spell it; present when {@link #fileName()} is. */
  public Optional<FileValue<T>> fileValue() {
    return Optional.ofNullable(fileValue);
  }

  /** What a {@code .conf} plan file's value token may be beyond the parser's plain tokens, e.g. {@code $}. */
  Optional<Pattern> fileToken() {
    return Optional.ofNullable(fileToken);
  }

  /** {@code fileName value}, for messages: e.g. {@code hz 5}. */
  String fileExample() {
    return fileName + " " + fileValue.toText(example);
  }

  /** Whether ConfigRenderer writes it into redis.conf under {@link #fileName()}. */
  public boolean rendered() {
    return redisValue != null;
  }

  /** Its redis.conf value in {@code plan}, or empty where Redis's own default applies (nothing is written). */
  public Optional<String> renderedValue(Plan plan) {
    T value = valueIn(plan);
    return value.equals(redisDefault) ? Optional.empty() : Optional.of(redisValue.apply(value));
  }

  /** Its value for {@code CONFIG SET}, Redis's default spelled out (a live change back must reset it). */
  public String liveValue(Plan plan) {
    return redisValue.apply(valueIn(plan));
  }

  /** Whether {@code CONFIG SET} changes it on a running instance. */
  public boolean live() {
    return live;
  }

  /** Whether it is a server-wide setting: only a dedicated instance can have a value other than the default. */
  public boolean serverWide() {
    return serverWide;
  }

  @Override
  public String toString() {
    return key;
  }

  /** Describes a directive; each call adds one trait. */
  static final class Builder<T> {
    private final String key;
    private final T defaultValue;
    private final T example;
    private final Function<Plan, T> getter;
    private final BiConsumer<Plan.Builder, T> setter;
    private UnaryOperator<T> check = UnaryOperator.identity();
    private boolean shapesInstance = true;
    private String fileName;
    private String jsonKey;
    private FileValue<T> fileValue;
    private Pattern fileToken;
    private Function<T, String> redisValue;
    private T redisDefault;
    private boolean live;
    private boolean serverWide;

    private Builder(String key, T defaultValue, T example, Function<Plan, T> getter,
        BiConsumer<Plan.Builder, T> setter) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.example = example;
      this.getter = getter;
      this.setter = setter;
    }

    /** The check every value passes (also the default); it throws {@link InvalidRequestException}. */
    Builder<T> checked(UnaryOperator<T> check) {
      this.check = check;
      return this;
    }

    /** Serves the library only (e.g. backup timing): not rendered, not live, not hashed. */
    Builder<T> notInstance() {
      this.shapesInstance = false;
      return this;
    }

    /** Settable by itself in plan files: {@code name value} in {@code .conf}, {@code "jsonKey": value} in JSON. */
    Builder<T> inFiles(String name, String jsonKey, FileValue<T> value) {
      this.fileName = name;
      this.jsonKey = jsonKey;
      this.fileValue = value;
      return this;
    }

    /** The value tokens a {@code .conf} file may hold for it, when more than letters, digits and {@code . _ -}. */
    Builder<T> fileToken(Pattern token) {
      this.fileToken = token;
      return this;
    }

    /** Written into redis.conf as {@code fileName redisValue}. */
    Builder<T> rendered(Function<T, String> redisValue) {
      this.redisValue = redisValue;
      return this;
    }

    /** Not written when it is {@code redisDefault}: Redis's own default applies. */
    Builder<T> unlessRedisDefault(T redisDefault) {
      this.redisDefault = redisDefault;
      return this;
    }

    /** Changeable with {@code CONFIG SET} on a running instance. */
    Builder<T> live() {
      this.live = true;
      return this;
    }

    /** A server-wide Redis setting: a tenant sharing a server keeps the default. */
    Builder<T> serverWide() {
      this.serverWide = true;
      return this;
    }

    PlanDirective<T> build() {
      if ((redisValue != null || live) && (fileName == null || !shapesInstance)
          || live && redisValue == null) {
        throw new IllegalArgumentException(key + ": a rendered or live directive needs a file name, a redis.conf "
            + "value and is hashed");
      }
      return new PlanDirective<>(this);
    }
  }
}
