/** The systemd module of redis-tenancy. (Filled by its own issue.) */
package io.redistenancy.systemd;
