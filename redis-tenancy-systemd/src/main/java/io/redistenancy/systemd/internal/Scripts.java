package io.redistenancy.systemd.internal;

import io.redistenancy.internal.Checked;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The shell scripts the backend runs on the machine ({@code sh -c}), kept as resources beside this
 * class so that they are real files {@code shellcheck} can check (see {@code ShellScriptsTest}),
 * loaded once when the class using them is. None contains user text: values arrive as positional
 * arguments, contents on standard input.
 */
final class Scripts {
  private Scripts() {}

  /** The script {@code name} ({@code remove.sh} …) of this package. */
  static String load(String name) {
    return Checked.io("read the systemd backend's script " + name, () -> {
      try (InputStream in = Scripts.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("the systemd backend's script " + name + " is missing from its jar");
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    });
  }
}
