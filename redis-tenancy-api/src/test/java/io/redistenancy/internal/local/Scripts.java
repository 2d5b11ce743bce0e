package io.redistenancy.internal.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Stand-ins for redis-server: real executables whose behaviour a test chooses. */
final class Scripts {
  private Scripts() {}

  /** An executable shell script at {@code path}. */
  static Path script(Path path, String body) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
    return path;
  }

  /** Answers {@code --version} like redis-server {@code version}; otherwise prints a line and exits 1. */
  static Path fakeRedis(Path path, String version) throws IOException {
    return script(path, String.join("\n",
        "case \"$1\" in --version) echo \"Redis server v=" + version + " sha=00000000:0 malloc=libc bits=64 build=0\"; exit 0 ;; esac",
        "echo \"fake redis-server: refusing to start on purpose\"",
        "exit 1"));
  }
}
