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
import org.junit.jupiter.api.Test;

/**
 * The public surface of the exported packages, compared with {@code api/redis-tenancy-api.txt}, so that
 * the API never changes by accident. After a deliberate change, regenerate the file with
 * {@code ./mvnw -pl redis-tenancy-api test -Dtest=ApiSurfaceTest -Dapi.update=true} and commit it.
 */
class ApiSurfaceTest {
  private static final List<String> EXPORTED = List.of("io/redistenancy", "io/redistenancy/spi");
  private static final Path SNAPSHOT = Path.of("api/redis-tenancy-api.txt");

  @Test
  void publicApiIsTheRecordedOne() throws Exception {
    String actual = String.join("\n", surface()) + "\n";
    if (Boolean.getBoolean("api.update")) {
      Files.createDirectories(SNAPSHOT.getParent());
      Files.writeString(SNAPSHOT, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual)
        .as("the public API changed; if deliberate, regenerate %s (see this test's javadoc)", SNAPSHOT)
        .isEqualTo(Files.readString(SNAPSHOT, StandardCharsets.UTF_8));
  }

  private static TreeSet<String> surface() throws IOException, ClassNotFoundException {
    Path classes = Path.of("target/classes");
    TreeSet<String> lines = new TreeSet<>();
    for (String pkg : EXPORTED) {
      try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
          String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
          Class<?> type = Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
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
