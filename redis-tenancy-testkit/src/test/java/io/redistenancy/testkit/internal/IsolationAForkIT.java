package io.redistenancy.testkit.internal;

import io.redistenancy.testkit.RedisTenancyTest;

/** Runs in the pom's two-forks execution, at the same time as IsolationBForkIT in the other fork. */
@RedisTenancyTest
class IsolationAForkIT extends ForkIsolationTests {}
