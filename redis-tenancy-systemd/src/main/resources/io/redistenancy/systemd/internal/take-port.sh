# shellcheck shell=sh
# Sends standard input (AUTH, CONFIG SET) to the socket $1 with redis-cli $3, then prints the
# machine's TCP tables and what the file descriptors of unit $2's main process are, each part
# after its "--- " line (UnitPorts reads them).
"$3" -s "$1" 2>&1
echo '--- tcp tables'
cat /proc/net/tcp /proc/net/tcp6 2>/dev/null
echo '--- fds'
pid=$(systemctl show --property=MainPID --value "$2")
if [ "$pid" != 0 ]; then for fd in /proc/"$pid"/fd/*; do readlink "$fd"; done; fi
true
