// A customer's ioredis application, configured by a handover's .env alone.
//
// node ioredis_client.js ENV_FILE VARIABLE: connects with new Redis(the variable's URL), TLS files named relative
// to the .env's directory; the URL in the environment variable URL, where set, replaces it (to cause errors).
// Prints PONG and the value it set and read back; on an error, what ioredis reports, exit status 1.
const fs = require('fs');
const path = require('path');
const Redis = require('ioredis');

const [envFile, variable] = process.argv.slice(2);
const env = Object.fromEntries(fs.readFileSync(envFile, 'utf8').split('\n')
  .filter((line) => line && !line.startsWith('#'))
  .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
const directory = path.dirname(path.resolve(envFile));
const read = (name) => fs.readFileSync(path.join(directory, env[name]));
const url = process.env.URL || env[variable];

const options = { lazyConnect: true, connectTimeout: 10000, maxRetriesPerRequest: 0, retryStrategy: () => null };
if (url.startsWith('rediss://')) {
  options.tls = { ca: read('REDIS_TLS_CA_FILE') };
  if (env.REDIS_TLS_CERT_FILE) {
    options.tls.cert = read('REDIS_TLS_CERT_FILE');
    options.tls.key = read('REDIS_TLS_KEY_FILE');
  }
}
setTimeout(() => { console.error('no answer in 30 s'); process.exit(2); }, 30000).unref();
const client = new Redis(url, options);
client.on('error', (err) => console.error(err));
(async () => {
  try {
    await client.connect();
    await client.set('handover', 'ioredis');
    console.log(await client.ping(), await client.get('handover'));
  } catch (err) {
    console.error(err);
    process.exitCode = 1;
  } finally {
    client.disconnect();
  }
})();
