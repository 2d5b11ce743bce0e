package io.redistenancy.testkit.internal;

import io.redistenancy.RedisTenancy;
import io.redistenancy.TenancyException;
import io.redistenancy.testkit.BackendChoice;
import io.redistenancy.testkit.IsolatedRedis;
import io.redistenancy.testkit.RedisTenancyTest;
import io.redistenancy.testkit.Scope;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * The extension behind {@link RedisTenancyTest}; internal, registered by the annotation.
 *
 * <p>Each injection point (parameter or {@link IsolatedRedis} field) resolves to {@link Settings};
 * its {@link Lease} lives in the store of its {@link Scope} (method, class or root context), keyed by
 * the settings, so points with equal settings share an instance and JUnit releases it when the scope
 * ends. A test's own {@link RedisTenancy} lives in the method store; after the test the tenants it
 * left are reported by name. A failing test gets the log tail of each local instance it held attached
 * to its exception (suppressed, so its type and message stay the test's own).
 */
public final class RedisTenancyExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
    TestExecutionExceptionHandler {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisTenancyExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<RedisTenancyTest> type = classAnnotation(context);
    if (type.isPresent() && type.get().disabledWithoutRedis() && context.getTestMethod().isEmpty()) {
      RedisTenancyTest asked = type.get();
      boolean docker = !asked.image().isBlank() || List.of(asked.backend()).contains(BackendChoice.DOCKER);
      Optional<String> missing = docker ? BackendResolver.dockerUnavailableReason() : BackendResolver.unavailableReason();
      if (missing.isPresent()) {
        return ConditionEvaluationResult.disabled("disabledWithoutRedis: " + missing.get());
      }
    }
    return ConditionEvaluationResult.enabled("Redis is available, or it was not asked to be optional");
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IllegalAccessException {
    Testkit testkit = Testkit.of(context);
    Class<?> testClass = context.getRequiredTestClass();
    // warm the pool the class's plain parameters will use while JUnit is still starting up
    Settings defaults = Settings.of(classAnnotation(context).orElse(null), null, false, testClass.getSimpleName());
    testkit.strategy(defaults, testClass.getClassLoader());
    for (Field field : fields(testClass)) {
      if (ModifierSupport.isStatic(field)) {
        inject(context, field, null);
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      for (Field field : fields(instance.getClass())) {
        if (!ModifierSupport.isStatic(field)) {
          inject(context, field, instance);
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestTenancy own = context.getStore(NAMESPACE).remove(TestTenancy.class, TestTenancy.class);
    if (own != null) {
      List<String> leaked = own.leaks();
      if (!leaked.isEmpty()) {
        throw new AssertionError(context.getDisplayName() + " leaked " + leaked.size()
            + (leaked.size() == 1 ? " tenant: '" : " tenants: '") + String.join("', '", leaked)
            + "'. Delete each tenant a test creates (tenant.delete(Deletion.PURGE)); the testkit deleted "
            + (leaked.size() == 1 ? "it" : "them") + " after the test.");
      }
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    Set<PooledInstance> held = new LinkedHashSet<>();
    for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
      Held found = c.get().getStore(NAMESPACE).get(Held.class, Held.class);
      if (found != null) {
        held.addAll(found.instances);
      }
    }
    for (PooledInstance instance : held) {
      if (instance.log() != null) {
        failure.addSuppressed(new LogTail.Attached(instance.name(), instance.log()));
      }
    }
    throw failure;
  }

  /** The instances a context's tests were given, for the log tails of a failure. */
  private static final class Held {
    final Set<PooledInstance> instances = ConcurrentHashMap.newKeySet();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Parameter p = parameterContext.getParameter();
    return Injection.supports(p.getType(), p.getParameterizedType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter p = parameterContext.getParameter();
    String where = "parameter " + p.getName() + " of " + context.getDisplayName();
    try {
      Settings settings = Settings.of(classAnnotation(context).orElse(null),
          parameterContext.findAnnotation(IsolatedRedis.class).orElse(null), false, where);
      return provide(context, settings, p.getType(), where);
    } catch (TenancyException | IllegalStateException | IllegalArgumentException e) {
      throw new ParameterResolutionException(where + ": " + e.getMessage(), e);
    }
  }

  private void inject(ExtensionContext context, Field field, Object target) throws IllegalAccessException {
    String where = "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
    if (!Injection.supports(field.getType(), field.getGenericType())) {
      throw new ExtensionConfigurationException(where + " is annotated @IsolatedRedis but its type "
          + field.getGenericType().getTypeName() + " cannot be injected; use one of " + Injection.supported());
    }
    if (Modifier.isFinal(field.getModifiers())) {
      throw new ExtensionConfigurationException(where + " is final; @IsolatedRedis fields must be assignable");
    }
    Settings settings = Settings.of(classAnnotation(context).orElse(null), field.getAnnotation(IsolatedRedis.class),
        target == null, where);
    field.setAccessible(true);
    field.set(target, provide(context, settings, field.getType(), where));
  }

  private Object provide(ExtensionContext context, Settings settings, Class<?> type, String where) {
    Testkit testkit = Testkit.of(context);
    ClassLoader loader = context.getRequiredTestClass().getClassLoader();
    if (type == RedisTenancy.class) {
      if (context.getTestMethod().isEmpty()) {
        throw new ExtensionConfigurationException(where + ": a RedisTenancy is given to one test at a time; "
            + "ask for it in a test method, not in a static field or @BeforeAll");
      }
      ResolvedBackend backend = testkit.backend(settings.backend(), loader);
      return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestTenancy.class,
          k -> new TestTenancy(testkit, backend), TestTenancy.class).tenancy();
    }
    ExtensionContext owner = owner(context, settings.scope());
    IsolationStrategy strategy = testkit.strategy(settings, loader);
    Lease lease = owner.getStore(NAMESPACE).getOrComputeIfAbsent(settings.leaseKey(),
        k -> new Lease(testkit, strategy, strategy.acquire(owner.getDisplayName(), testkit.timeout())), Lease.class);
    context.getStore(NAMESPACE).getOrComputeIfAbsent(Held.class, k -> new Held(), Held.class).instances
        .add(lease.instance());
    return lease.provide(type);
  }

  /** The context whose end releases an instance of this scope. */
  private static ExtensionContext owner(ExtensionContext context, Scope scope) {
    switch (scope) {
      case RUN:
        return context.getRoot();
      case CLASS:
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
          c = c.getParent().get();
        }
        return c;
      default:
        return context;
    }
  }

  private static List<Field> fields(Class<?> type) {
    return AnnotationSupport.findAnnotatedFields(type, IsolatedRedis.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
  }

  /** The class annotation, looked up on the test class and its enclosing classes (for @Nested). */
  private static Optional<RedisTenancyTest> classAnnotation(ExtensionContext context) {
    Optional<Class<?>> type = context.getTestClass();
    while (type.isPresent()) {
      Optional<RedisTenancyTest> found = AnnotationSupport.findAnnotation(type.get(), RedisTenancyTest.class);
      if (found.isPresent()) {
        return found;
      }
      type = Optional.ofNullable(type.get().getEnclosingClass());
    }
    return Optional.empty();
  }
}
