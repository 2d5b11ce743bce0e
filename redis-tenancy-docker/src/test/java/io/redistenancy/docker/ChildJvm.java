package io.redistenancy.docker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A child JVM on this test's class path running {@code main} with the test image; stderr goes to a log. */
final class ChildJvm {
  private ChildJvm() {}

  /** A started child and its stdout, line by line. */
  record Started(Process process, BufferedReader out) {}

  static Started start(Class<?> main, Path log, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "-cp", System.getProperty("java.class.path"),
        "-D" + DockerTestSupport.IMAGE_PROPERTY + "=" + DockerTestSupport.image(), main.getName()));
    command.addAll(List.of(args));
    Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
    return new Started(child, new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)));
  }
}
