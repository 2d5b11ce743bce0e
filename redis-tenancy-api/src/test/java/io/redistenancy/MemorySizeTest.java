package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemorySizeTest {
  private static final String FORMS = "' is not a size; use a whole number with an optional unit: 1048576, 512k, 256mb, 1gb";

  @ParameterizedTest
  @CsvSource({
      "256mb, 268435456", "1gb, 1073741824", "512k, 524288", "1048576, 1048576", "0, 0", "100b, 100",
      "512kb, 524288", "2m, 2097152", "3g, 3221225472", "1GB, 1073741824", "256Mb, 268435456", "512K, 524288",
      "007mb, 7340032", "9223372036854775807, 9223372036854775807", "8589934591gb, 9223372035781033984"})
  void parsesRedisConfSizesAsPowersOf1024(String text, long bytes) {
    assertThat(MemorySize.parse(text).toBytes()).isEqualTo(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1.5gb", "10 mb", "mb", "", " 1mb", "1mb ", "1tb", "1mib", "0x10", "+1", "1e6",
      "\uff11mb", "1_000", "256mb;", "1,5gb"})
  void refusesAnythingButDigitsAndAUnit(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size '" + text + FORMS);
  }

  @Test
  void refusalMasksControlCharactersAndCutsLongText() {
    assertThatThrownBy(() -> MemorySize.parse("1\nmb")).hasMessage("Memory size '1?mb" + FORMS);
    assertThatThrownBy(() -> MemorySize.parse("1\u202emb\u200b")).hasMessage("Memory size '1?mb?" + FORMS);
    assertThatThrownBy(() -> MemorySize.parse("\r\n" + "x".repeat(50)))
        .hasMessage("Memory size '??" + "x".repeat(38) + "…" + FORMS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9223372036854775808", "99999999999999999999", "8589934592gb", "9007199254740992k",
      "123456789012345678901234567890mb"})
  void refusesOverflow(String text) {
    assertThatThrownBy(() -> MemorySize.parse(text)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size '" + text + "' is too large");
  }

  @Test
  void nullIsAProgrammingError() {
    assertThatThrownBy(() -> MemorySize.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @CsvSource({"268435456, 256mb", "1073741824, 1gb", "1572864, 1536k", "100, 100b", "0, 0b", "1025, 1025b",
      "1610612736, 1536mb", "9223372036854775807, 9223372036854775807b"})
  void toStringUsesTheLargestWholeUnitAndParsesBack(long bytes, String text) {
    MemorySize size = MemorySize.ofBytes(bytes);
    assertThat(size).hasToString(text);
    assertThat(MemorySize.parse(size.toString())).isEqualTo(size);
    assertThat(size.toRedisValue()).isEqualTo(Long.toString(bytes));
  }

  @Test
  void toStringRoundTripsForManySizes() {
    for (long bytes = 0; bytes < 5_000_000; bytes += 4093) {
      MemorySize size = MemorySize.ofBytes(bytes);
      assertThat(MemorySize.parse(size.toString())).isEqualTo(size);
    }
  }

  @Test
  void factoriesAndArithmetic() {
    assertThat(MemorySize.ofKilobytes(512)).isEqualTo(MemorySize.parse("512k"));
    assertThat(MemorySize.ofMegabytes(256).toMegabytes()).isEqualTo(256);
    assertThat(MemorySize.ofGigabytes(1)).isEqualTo(MemorySize.ofMegabytes(1024));
    assertThat(MemorySize.ofMegabytes(256).plus(MemorySize.ofMegabytes(256))).isEqualTo(MemorySize.ofMegabytes(512));
    assertThat(MemorySize.ofMegabytes(1)).isLessThan(MemorySize.ofMegabytes(2)).isGreaterThan(MemorySize.ZERO);
    assertThat(MemorySize.ofMegabytes(1)).hasSameHashCodeAs(MemorySize.ofKilobytes(1024));
  }

  @Test
  void factoriesRefuseNegativesAndOverflow() {
    assertThatThrownBy(() -> MemorySize.ofBytes(-1)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size -1 bytes is negative; sizes are 0 or more");
    assertThatThrownBy(() -> MemorySize.ofMegabytes(-1)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size -1mb is negative; sizes are 0 or more");
    assertThatThrownBy(() -> MemorySize.ofGigabytes(Long.MAX_VALUE / 1024)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size '9007199254740991gb' is too large");
    assertThatThrownBy(() -> MemorySize.ofMegabytes(1).plus(MemorySize.ofBytes(Long.MAX_VALUE)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("Memory size 1mb plus 9223372036854775807b is too large");
  }
}
