package io.redistenancy.external;

import io.redistenancy.contract.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One standalone {@link TestRedis} (with an aclfile) for all tests of a class, in a private temp
 * folder that also holds the tests' homes: {@code @RegisterExtension static final OneTestRedis REDIS = …}.
 */
final class OneTestRedis implements BeforeAllCallback, AfterAllCallback {
  private final String prefix;
  private Path root;
  private TestRedis server;

  OneTestRedis(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    root = Files.createTempDirectory(prefix);
    server = TestRedis.start(root);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      server.close();
    } finally {
      TestFiles.deleteQuietly(root);
    }
  }

  TestRedis server() {
    return server;
  }

  /** A new private folder for one test (e.g. a tenancy's home), removed with the rest after the class. */
  Path newFolder(String name) throws Exception {
    return Files.createTempDirectory(root, name);
  }
}
