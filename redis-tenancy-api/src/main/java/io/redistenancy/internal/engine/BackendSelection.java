package io.redistenancy.internal.engine;

import io.redistenancy.BackendUnavailableException;
import io.redistenancy.spi.BackendFactory;
import io.redistenancy.spi.BackendProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Chooses the backend: an explicit choice wins; then the system property {@code redistenancy.backend}
 * (a provider's name); then the available {@link BackendProvider} with the highest priority. A failure
 * lists every candidate and why it was unusable.
 */
final class BackendSelection {
  static final String PROPERTY = "redistenancy.backend";

  private BackendSelection() {}

  static BackendFactory choose(BackendFactory explicit) {
    if (explicit != null) {
      return explicit;
    }
    List<BackendProvider> providers = new ArrayList<>();
    ServiceLoader.load(BackendProvider.class, BackendSelection.class.getClassLoader()).forEach(providers::add);
    providers.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
    String wanted = System.getProperty(PROPERTY);
    List<String> reasons = new ArrayList<>();
    for (BackendProvider provider : providers) {
      if (wanted != null && !wanted.equals(provider.name())) {
        reasons.add(provider.name() + ": not the one -D" + PROPERTY + "=" + wanted + " asks for");
        continue;
      }
      Optional<String> why = provider.unavailableReason();
      if (why.isEmpty()) {
        return provider.factory();
      }
      reasons.add(provider.name() + ": " + why.get());
    }
    throw new BackendUnavailableException("No usable backend" + (wanted == null ? "" : " named '" + wanted + "'")
        + ". Candidates:" + (reasons.isEmpty() ? " none found on the class path" : "\n  - " + String.join("\n  - ", reasons)));
  }
}
