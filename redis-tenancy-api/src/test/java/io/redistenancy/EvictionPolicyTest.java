package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EvictionPolicyTest {
  private static final String ALLOWED = "' is not one Redis knows; allowed: noeviction, allkeys-lru, allkeys-lfu, "
      + "allkeys-random, volatile-lru, volatile-lfu, volatile-random, volatile-ttl";

  @ParameterizedTest
  @EnumSource(EvictionPolicy.class)
  void parsesRedisSpellingAndEnumSpelling(EvictionPolicy policy) {
    assertThat(EvictionPolicy.parse(policy.redisName())).isSameAs(policy);
    assertThat(EvictionPolicy.parse(policy.name())).isSameAs(policy);
    assertThat(EvictionPolicy.parse(policy.redisName().toUpperCase(Locale.ROOT))).isSameAs(policy);
    assertThat(policy.redisName()).isEqualTo(policy.name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lru", "allkeys", "allkeys-lru-x", "", "volatile lru"})
  void refusesOthersListingTheAllowedOnes(String text) {
    assertThatThrownBy(() -> EvictionPolicy.parse(text)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Eviction policy '" + text + ALLOWED);
  }

  @Test
  void refusalNeverCarriesControlCharactersOrLongText() {
    assertThatThrownBy(() -> EvictionPolicy.parse("lru\r\nFAKE LOG LINE")).hasMessage("Eviction policy 'lru??FAKE LOG LINE" + ALLOWED);
    assertThatThrownBy(() -> EvictionPolicy.parse("x".repeat(100))).hasMessage("Eviction policy '" + "x".repeat(40) + "…" + ALLOWED);
    assertThatThrownBy(() -> EvictionPolicy.parse(null)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Eviction policy 'null" + ALLOWED);
  }
}
