package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.KeyspaceEvents.Flag;
import org.junit.jupiter.api.Test;

class KeyspaceEventsTest {
  @Test
  void parsesRedisLettersIntoTypedFlags() {
    KeyspaceEvents spring = KeyspaceEvents.parse("Egx");
    assertThat(spring.flags()).containsExactly(Flag.KEYEVENT, Flag.GENERIC, Flag.EXPIRED);
    assertThat(spring.toRedisValue()).isEqualTo("Egx");
    assertThat(KeyspaceEvents.parse("xgE")).isEqualTo(spring);
    assertThat(KeyspaceEvents.of(Flag.EXPIRED, Flag.KEYEVENT, Flag.GENERIC)).isEqualTo(spring);
    assertThat(KeyspaceEvents.parse("Kmn").flags()).containsExactly(Flag.KEYSPACE, Flag.KEY_MISS, Flag.NEW_KEY);
  }

  @Test
  void allIsExpandedToTheClassesRedisMeansByIt() {
    KeyspaceEvents all = KeyspaceEvents.parse("KEA");
    assertThat(all.flags()).doesNotContain(Flag.ALL, Flag.KEY_MISS, Flag.NEW_KEY).hasSize(12);
    assertThat(all.toRedisValue()).isEqualTo("KEg$lshzxetd");
    assertThat(KeyspaceEvents.of(Flag.KEYSPACE, Flag.ALL)).isEqualTo(KeyspaceEvents.parse("Kg$lshzxetd"));
  }

  @Test
  void emptyIsNone() {
    assertThat(KeyspaceEvents.parse("")).isSameAs(KeyspaceEvents.NONE);
    assertThat(KeyspaceEvents.of()).isSameAs(KeyspaceEvents.NONE);
    assertThat(KeyspaceEvents.NONE.toRedisValue()).isEmpty();
    assertThat(KeyspaceEvents.NONE).hasToString("none");
  }

  @Test
  void anUnknownFlagIsRefusedByNameWithTheAllowedOnes() {
    assertThatThrownBy(() -> KeyspaceEvents.parse("KEq"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("notify-keyspace-events flag 'q' in 'KEq' is unknown; allowed: K (keyspace), E (keyevent), "
            + "g (generic), $ (string), l (list), s (set), h (hash), z (sorted set), x (expired), e (evicted), "
            + "t (stream), m (key miss), d (module), n (new key), A (all)");
    assertThatThrownBy(() -> KeyspaceEvents.parse("E\u202ex")).hasMessageStartingWith(
        "notify-keyspace-events flag 'U+202E' in 'E?x' is unknown");
  }

  @Test
  void flagsThatDeliverNothingAreRefused() {
    assertThatThrownBy(() -> KeyspaceEvents.parse("g$"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("notify-keyspace-events 'g$' delivers no events: add K (keyspace channel) and/or E "
            + "(keyevent channel)");
    assertThatThrownBy(() -> KeyspaceEvents.of(Flag.KEYSPACE, Flag.KEYEVENT))
        .hasMessage("notify-keyspace-events 'KE' delivers no events: add the events to publish, e.g. A (all but m "
            + "and n), g$ or x");
  }

  @Test
  void aPlanCarriesThemAndCompares() {
    Plan plan = Plan.builder("events").keyspaceEvents(KeyspaceEvents.parse("Egx")).build();
    assertThat(plan.keyspaceEvents().toRedisValue()).isEqualTo("Egx");
    assertThat(Plan.DEFAULT.keyspaceEvents()).isEqualTo(KeyspaceEvents.NONE);
    assertThat(plan).isNotEqualTo(plan.toBuilder().keyspaceEvents(KeyspaceEvents.NONE).build());
    assertThat(plan.toBuilder().build()).isEqualTo(plan);
    assertThat(plan.toString()).contains("keyspace events Egx");
  }
}
