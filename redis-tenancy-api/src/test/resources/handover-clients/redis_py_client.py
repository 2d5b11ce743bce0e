"""A customer's redis-py application, configured by a handover's .env alone.

python3 redis_py_client.py ENV_FILE VARIABLE: connects with redis.from_url(the variable's URL), TLS files named
relative to the .env's directory; the URL in the environment variable URL, where set, replaces it (to cause
errors). Prints PONG and the value it set and read back; on an error, redis-py's own traceback, exit status 1.
"""
import os
import sys

import redis


def load(env_file):
    env = {}
    with open(env_file) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name, value = line.split("=", 1)
                env[name] = value
    return env


env_file, variable = sys.argv[1], sys.argv[2]
env = load(env_file)
directory = os.path.dirname(os.path.abspath(env_file))
url = os.environ.get("URL") or env[variable]
options = {"socket_timeout": 10}
if not url.startswith("unix://"):  # redis-py's socket connections take no connect timeout
    options["socket_connect_timeout"] = 10
if url.startswith("rediss://"):
    options["ssl_ca_certs"] = os.path.join(directory, env["REDIS_TLS_CA_FILE"])
    if "REDIS_TLS_CERT_FILE" in env:
        options["ssl_certfile"] = os.path.join(directory, env["REDIS_TLS_CERT_FILE"])
        options["ssl_keyfile"] = os.path.join(directory, env["REDIS_TLS_KEY_FILE"])
client = redis.from_url(url, **options)
client.set("handover", "redis-py")
print("PONG" if client.ping() else "no PONG", client.get("handover").decode())
