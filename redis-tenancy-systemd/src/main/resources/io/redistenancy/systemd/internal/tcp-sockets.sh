# shellcheck shell=sh
# The machine's TCP sockets as the kernel lists them, IPv4 and IPv6.
cat /proc/net/tcp /proc/net/tcp6 2>/dev/null
