package io.redistenancy;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which keyspace notifications a dedicated tenant's Redis publishes: its {@code notify-keyspace-events}
 * setting as a typed set of {@link Flag}s. Set it in the plan or the request
 * ({@code .keyspaceEvents(KeyspaceEvents.parse("Egx"))}), or live with {@link Tenant#keyspaceEvents}.
 * The tenant user cannot run {@code CONFIG SET} itself: a client that switches notifications on at
 * start-up must be told to skip that (Spring Session: {@code ConfigureRedisAction.NO_OP}). Immutable.
 */
public final class KeyspaceEvents {
  /** Redis's flag letters. */
  public enum Flag {
    /** {@code K}: publish on {@code __keyspace@<db>__:<key>}. */
    KEYSPACE('K'),
    /** {@code E}: publish on {@code __keyevent@<db>__:<event>}. */
    KEYEVENT('E'),
    /** {@code g}: generic commands (DEL, EXPIRE, RENAME, …). */
    GENERIC('g'),
    /** {@code $}: string commands. */
    STRING('$'),
    /** {@code l}: list commands. */
    LIST('l'),
    /** {@code s}: set commands. */
    SET('s'),
    /** {@code h}: hash commands. */
    HASH('h'),
    /** {@code z}: sorted set commands. */
    SORTED_SET('z'),
    /** {@code x}: a key expired. */
    EXPIRED('x'),
    /** {@code e}: a key was evicted for maxmemory. */
    EVICTED('e'),
    /** {@code t}: stream commands. */
    STREAM('t'),
    /** {@code m}: key misses (not part of {@code A}). */
    KEY_MISS('m'),
    /** {@code d}: module key type events. */
    MODULE('d'),
    /** {@code n}: a new key was created (not part of {@code A}). */
    NEW_KEY('n'),
    /** {@code A}: short for {@code g$lshzxetd}; {@link #of} and {@link #parse} expand it. */
    ALL('A');

    private final char letter;

    Flag(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  private static final Set<Flag> CHANNELS = EnumSet.of(Flag.KEYSPACE, Flag.KEYEVENT);
  private static final Set<Flag> ALL_CLASSES = EnumSet.of(Flag.GENERIC, Flag.STRING, Flag.LIST, Flag.SET,
      Flag.HASH, Flag.SORTED_SET, Flag.EXPIRED, Flag.EVICTED, Flag.STREAM, Flag.MODULE);
  private static final String ALLOWED = Arrays.stream(Flag.values())
      .map(f -> f.letter + " (" + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")")
      .collect(Collectors.joining(", "));

  /** No notifications: Redis's default. */
  public static final KeyspaceEvents NONE = new KeyspaceEvents(EnumSet.noneOf(Flag.class));

  private final Set<Flag> flags;

  private KeyspaceEvents(Set<Flag> flags) {
    this.flags = Collections.unmodifiableSet(flags);
  }

  /**
   * The events of these flags ({@link Flag#ALL} expanded).
   *
   * @throws InvalidRequestException if they would deliver nothing: a channel ({@code K} or {@code E})
   *     without an event class, or classes without a channel
   */
  public static KeyspaceEvents of(Flag... flags) {
    Objects.requireNonNull(flags, "flags");
    Set<Flag> set = EnumSet.noneOf(Flag.class);
    for (Flag flag : flags) {
      set.add(Objects.requireNonNull(flag, "flag"));
    }
    return of(set, set.stream().map(f -> String.valueOf(f.letter)).collect(Collectors.joining()));
  }

  /**
   * Parses Redis's form, e.g. {@code "Egx"}, {@code "KEA"}; the empty string is {@link #NONE}.
   *
   * @throws InvalidRequestException naming an unknown flag and listing the allowed ones, or if the
   *     flags would deliver nothing (see {@link #of})
   */
  public static KeyspaceEvents parse(String text) {
    Objects.requireNonNull(text, "text");
    Set<Flag> set = EnumSet.noneOf(Flag.class);
    for (int i = 0; i < text.length(); i++) {
      set.add(flag(text, text.charAt(i)));
    }
    return of(set, text);
  }

  private static Flag flag(String text, char letter) {
    for (Flag flag : Flag.values()) {
      if (flag.letter == letter) {
        return flag;
      }
    }
    throw new InvalidRequestException("notify-keyspace-events flag '" + shown(letter) + "' in '" + shown(text)
        + "' is unknown; allowed: " + ALLOWED);
  }

  private static KeyspaceEvents of(Set<Flag> given, String text) {
    Set<Flag> set = EnumSet.noneOf(Flag.class);
    set.addAll(given);
    if (set.remove(Flag.ALL)) {
      set.addAll(ALL_CLASSES);
    }
    if (set.isEmpty()) {
      return NONE;
    }
    boolean channel = set.stream().anyMatch(CHANNELS::contains);
    boolean eventClass = set.stream().anyMatch(f -> !CHANNELS.contains(f));
    if (!channel) {
      throw new InvalidRequestException("notify-keyspace-events '" + shown(text) + "' delivers no events: add K "
          + "(keyspace channel) and/or E (keyevent channel)");
    }
    if (!eventClass) {
      throw new InvalidRequestException("notify-keyspace-events '" + shown(text) + "' delivers no events: add "
          + "the events to publish, e.g. A (all but m and n), g$ or x");
    }
    return new KeyspaceEvents(set);
  }

  /** A flag or text as a message may show it: printable ASCII only, at most 40 characters. */
  private static String shown(CharSequence value) {
    StringBuilder out = new StringBuilder();
    value.codePoints().limit(40).forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
    return value.length() > 40 ? out + "…" : out.toString();
  }

  private static String shown(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("U+%04X", (int) c);
  }

  /** The flags, with {@link Flag#ALL} expanded (so never containing it); empty for {@link #NONE}. */
  public Set<Flag> flags() {
    return flags;
  }

  public boolean isNone() {
    return flags.isEmpty();
  }

  /** The form redis.conf and {@code CONFIG SET} take: the letters in a fixed order, {@code ""} for none. */
  public String toRedisValue() {
    StringBuilder out = new StringBuilder();
    for (Flag flag : flags) {
      out.append(flag.letter);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyspaceEvents other && other.flags.equals(flags);
  }

  @Override
  public int hashCode() {
    return flags.hashCode();
  }

  @Override
  public String toString() {
    return flags.isEmpty() ? "none" : toRedisValue();
  }
}
