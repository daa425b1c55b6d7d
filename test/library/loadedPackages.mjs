// Imports one module specifier in this fresh process and prints, as JSON, the npm packages that
// got loaded (ESM resolutions seen by a module.register resolve hook, plus the CommonJS modules in
// require.cache: require() does not pass the ESM hooks on Node 20), the module's export names,
// and the import's wall time.
//   node test/library/loadedPackages.mjs chordtrain/features
//   → {"packages":["fft.js"],"exports":["N_PITCH_CLASSES",…],"ms":…}
import { register, createRequire } from "node:module";
import { MessageChannel } from "node:worker_threads";

const hook = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`;
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on("message", (url) => urls.push(url));
port1.unref();
register("data:text/javascript," + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });

const specifier = process.argv[2];
const start = performance.now();
const mod = await import(specifier);
const ms = performance.now() - start;
await new Promise((done) => setTimeout(done, 50)); // let the last hook messages arrive

const files = [...urls, ...Object.keys(createRequire(import.meta.url).cache)];
const packages = new Set();
for (const f of files) {
  const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(decodeURIComponent(f));
  if (m) packages.add(m[1]);
}
console.log(JSON.stringify({ packages: [...packages].sort(), exports: Object.keys(mod).sort(), ms }));
