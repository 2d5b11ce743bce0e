package io.redistenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {
  private static final String RULE =
      "' is invalid: use 2 to 32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'";

  @ParameterizedTest
  @ValueSource(strings = {"ab", "a1", "acme", "acme-corp", "a--b", "x0123456789012345678901234567890"})
  void acceptsSafeNames(String name) {
    assertThat(Names.requireValid("Tenant name", name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "1a", "-a", "a-", "Ab", "a_b", "a.b", "a/b", "../x", "..", "a b", "a*", "a?", "a[b]",
      "ä-b", "acme\n", "\nacme", "a\0b", "x01234567890123456789012345678901", "ac\u0131", "acme\u200b"})
  void refusesEverythingElse(String name) {
    assertThatThrownBy(() -> Names.requireValid("Plan name", name)).isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("Plan name '").hasMessageEndingWith(RULE).hasMessageNotContaining("\n");
  }

  @Test
  void lengthLimitIs32() {
    assertThat(Names.MAX_LENGTH).isEqualTo(32);
    assertThat(Names.requireValid("Tenant name", "a".repeat(32))).hasSize(32);
    assertThatThrownBy(() -> Names.requireValid("Tenant name", "a".repeat(33))).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void messageShowsAMaskedShortenedName() {
    assertThatThrownBy(() -> Names.requireValid("Tenant name", "x".repeat(200)))
        .hasMessage("Tenant name '" + "x".repeat(40) + "…(200 chars)" + RULE);
    assertThatThrownBy(() -> Names.requireValid("Tenant name", "a\r\nb")).hasMessage("Tenant name 'a??b" + RULE);
    assertThatThrownBy(() -> Names.requireValid("Tenant name", "ac\u202eme\u200b\u2066x\ufeff\u2028"))
        .hasMessage("Tenant name 'ac?me??x??" + RULE);
    assertThatThrownBy(() -> Names.requireValid("Tenant name", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("Tenant name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d",
      "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u061c", "\u00ad", "\u2028", "\u2029", "\u0007",
      "\u007f", "\u0085", "\udb40\udc01"})
  void invisibleAndBidirectionalCharactersAreMaskedLikeControlCharacters(String hidden) {
    assertThat(Names.masked("a" + hidden + "b")).isEqualTo("a?b");
  }

  @Test
  void visibleTextIsShownAsItIs() {
    assertThat(Names.masked("über-acme 1.0 ✓")).isEqualTo("über-acme 1.0 ✓");
  }
}
