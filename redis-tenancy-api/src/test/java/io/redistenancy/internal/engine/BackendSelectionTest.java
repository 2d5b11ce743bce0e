package io.redistenancy.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.Backends;
import io.redistenancy.spi.BackendFactory;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {
  @Test
  void explicitChoiceWins() {
    BackendFactory mine = Backends.local();
    assertThat(BackendSelection.choose(mine)).isSameAs(mine);
  }

  @Test
  void unknownNameInThePropertyListsEveryCandidate() {
    System.setProperty(BackendSelection.PROPERTY, "nonesuch");
    try {
      assertThatThrownBy(() -> BackendSelection.choose(null))
          .isInstanceOf(BackendUnavailableException.class)
          .hasMessageStartingWith("No usable backend named 'nonesuch'. Candidates:")
          .hasMessageContaining("local: not the one -Dredistenancy.backend=nonesuch asks for");
    } finally {
      System.clearProperty(BackendSelection.PROPERTY);
    }
  }
}
