package io.redistenancy.internal.audit;

import io.redistenancy.Alerts;
import io.redistenancy.AuditTrail;
import io.redistenancy.Backups;
import io.redistenancy.Reconfiguration;
import io.redistenancy.RedisTenancy;
import io.redistenancy.Tenant;
import io.redistenancy.TenantBackups;
import io.redistenancy.TenantRequest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RedisTenancy#as(String)}: a view whose every call runs as the actor, and whose handles
 * (tenants, requests, backups) are views too. A dynamic proxy rather than hand-written delegates, so
 * an operation added to the API later is attributed without anyone remembering to wrap it.
 */
public final class ActingView implements InvocationHandler {
  /** The API's handle types a view wraps (what the tenancy hands out and operations run on). */
  private static final Set<Class<?>> HANDLES = Set.of(RedisTenancy.class, Tenant.class, TenantRequest.class,
      Reconfiguration.class, TenantBackups.class, Backups.class, AuditTrail.class, Alerts.class);

  private final Object target;
  private final String actor;

  private ActingView(Object target, String actor) {
    this.target = target;
    this.actor = actor;
  }

  public static RedisTenancy of(RedisTenancy tenancy, String actor) {
    return (RedisTenancy) wrap(RedisTenancy.class, unwrap(tenancy), Actors.requireValid(actor));
  }

  private static Object wrap(Class<?> type, Object target, String actor) {
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new ActingView(target, actor));
  }

  private static Object unwrap(Object value) {
    return value != null && Proxy.isProxyClass(value.getClass())
        && Proxy.getInvocationHandler(value) instanceof ActingView view ? view.target : value;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        if (method.getParameterCount() == 1) {
          return target.equals(unwrap(args[0]));
        }
        break;
      case "close":
        if (target instanceof RedisTenancy) {
          return null; // a view shares the tenancy; only the tenancy itself closes it
        }
        break;
      case "as":
        if (target instanceof RedisTenancy && args != null && args.length == 1) {
          return of((RedisTenancy) target, (String) args[0]);
        }
        break;
      default:
        break;
    }
    Object[] unwrapped = args == null ? null : Arrays.stream(args).map(ActingView::unwrap).toArray();
    try {
      return Actors.as(actor, () -> handles(method.getReturnType(), call(method, unwrapped)));
    } catch (Invoked e) {
      throw e.getCause();
    }
  }

  private Object call(Method method, Object[] args) {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw new Invoked(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the API's methods are public", e);
    }
  }

  /** The result, with the handles in it wrapped as views of the same actor. */
  private Object handles(Class<?> type, Object result) {
    if (result == null) {
      return null;
    }
    if (HANDLES.contains(type)) {
      return wrap(type, result, actor);
    }
    if (result instanceof Optional<?> optional) {
      return optional.map(this::handle);
    }
    if (result instanceof List<?> list && list.stream().anyMatch(e -> e instanceof Tenant)) {
      return list.stream().map(this::handle).toList();
    }
    // a generic method (PlanOverrides<T>.maxMemory) is declared to return Object: look at the value
    return handle(result);
  }

  private Object handle(Object value) {
    return HANDLES.stream().filter(h -> h.isInstance(value)).findFirst().map(h -> wrap(h, value, actor)).orElse(value);
  }

  /** Carries a checked or unchecked exception of the target through the supplier unchanged. */
  private static final class Invoked extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invoked(Throwable cause) {
      super(cause);
    }
  }
}
