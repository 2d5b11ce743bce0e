package io.redistenancy.systemd;

import io.redistenancy.systemd.internal.SystemdSettings;

/** Lets this module's tests of the internals read what a {@link SystemdBackends.Systemd} creates a backend with. */
public final class SettingsAccess {
  private SettingsAccess() {}

  public static SystemdSettings of(SystemdBackends.Systemd systemd) {
    return systemd.settings();
  }
}
