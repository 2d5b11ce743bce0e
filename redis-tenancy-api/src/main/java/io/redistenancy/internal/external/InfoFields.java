package io.redistenancy.internal.external;

/** Reads one field of an {@code INFO} reply. */
final class InfoFields {
  private InfoFields() {}

  /** The value of {@code name:value}, or an empty string if the reply has no such field. */
  static String get(String info, String name) {
    String key = name + ":";
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(key)) {
        return line.substring(key.length()).trim();
      }
    }
    return "";
  }
}
