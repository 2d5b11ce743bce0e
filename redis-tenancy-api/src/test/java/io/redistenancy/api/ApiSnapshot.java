package io.redistenancy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public surface of a module's exported packages (its public and protected types, constructors,
 * methods and fields, one line each), compared with the module's recorded snapshot so that no API
 * changes by accident. Shared with the other published modules through this module's test-jar; each
 * module's {@code ApiSurfaceTest} names its exported packages and its snapshot file. With
 * {@code -Dapi.update=true} the snapshot is rewritten from the compiled classes first.
 */
public final class ApiSnapshot {
  private ApiSnapshot() {}

  /**
   * Asserts that the public surface of {@code exportedPackages} (paths such as {@code "io/redistenancy"},
   * read from {@code target/classes} of the module under test) is the one recorded in {@code snapshot}.
   */
  public static void assertRecorded(Path snapshot, List<String> exportedPackages) throws Exception {
    String actual = String.join("\n", surface(exportedPackages)) + "\n";
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(snapshot.toAbsolutePath().getParent());
      Files.writeString(snapshot, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual)
        .as("the public API changed; if deliberate, regenerate %s with -Dapi.update=true (see ApiSurfaceTest)",
            snapshot)
        .isEqualTo(Files.readString(snapshot, StandardCharsets.UTF_8));
  }

  private static TreeSet<String> surface(List<String> exported) throws IOException, ClassNotFoundException {
    Path classes = Path.of("target/classes");
    TreeSet<String> lines = new TreeSet<>();
    for (String pkg : exported) {
      try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
          Class<?> type = Class.forName(name, false, ApiSnapshot.class.getClassLoader());
          if (isVisible(type)) {
            describe(type, lines);
          }
        }
      }
    }
    return lines;
  }

  private static boolean isVisible(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
        return false;
      }
    }
    return !type.getSimpleName().equals("package-info");
  }

  private static void describe(Class<?> type, TreeSet<String> lines) {
    String owner = type.getName();
    lines.add(owner + " : " + Modifier.toString(type.getModifiers() & ~Modifier.STATIC) + " " + kind(type)
        + supertypes(type));
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers())) {
        lines.add(owner + " : " + c.toGenericString().replace(owner + "(", "new("));
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        lines.add(owner + " : " + m.toGenericString().replace(owner + ".", ""));
      }
    }
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        lines.add(owner + " : " + f.toGenericString().replace(owner + ".", ""));
      }
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static String kind(Class<?> type) {
    return type.isRecord() ? "record" : type.isEnum() ? "enum" : type.isInterface() ? "interface" : "class";
  }

  private static String supertypes(Class<?> type) {
    List<String> supers = new ArrayList<>();
    if (type.getSuperclass() != null && type.getSuperclass() != Object.class && !type.isEnum() && !type.isRecord()) {
      supers.add(type.getGenericSuperclass().getTypeName());
    }
    for (var i : type.getGenericInterfaces()) {
      supers.add(i.getTypeName());
    }
    return supers.isEmpty() ? "" : " : " + String.join(", ", supers);
  }
}
