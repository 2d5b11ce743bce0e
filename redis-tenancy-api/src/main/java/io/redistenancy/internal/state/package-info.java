/** Desired state on disk: tenant records and secrets, written atomically. Not API. */
package io.redistenancy.internal.state;
