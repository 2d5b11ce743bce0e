package io.redistenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SavePointTest {
  @Test
  void holdsSecondsAndChanges() {
    SavePoint point = new SavePoint(300, 100);
    assertThat(point.seconds()).isEqualTo(300);
    assertThat(point.changes()).isEqualTo(100);
    assertThat(point).isEqualTo(new SavePoint(300, 100)).isNotEqualTo(new SavePoint(300, 10));
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 0", "-1, 5", "5, -1", "0, 0"})
  void refusesLessThanOne(long seconds, long changes) {
    assertThatThrownBy(() -> new SavePoint(seconds, changes)).isInstanceOf(InvalidRequestException.class)
        .hasMessage("Save point '" + seconds + " " + changes + "' is invalid; seconds and changes must both be 1 or more");
  }
}
