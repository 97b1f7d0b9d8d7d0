import type { Plugin } from 'vite';
import { WASM_POOL_OVERRIDE } from '../src/ml/threads';

/**
 * Makes tfjs-backend-wasm's threaded build survive bundling.
 *
 * tfjs starts each pthread worker from a Blob holding `factory.toString()`, so that one function must
 * not reference anything outside itself. In the Emscripten output it does: `_scriptDir`, declared in
 * the enclosing arrow function. Once minified, that closure variable is renamed (to `e`), the
 * `typeof _scriptDir` guards are folded away because the minifier can see the declaration, and every
 * pthread worker dies with "ReferenceError: e is not defined".
 *
 * In a worker `_scriptDir` is always undefined (it comes from `document.currentScript` or Node's
 * `__filename`), and tfjs passes the script as `mainScriptUrlOrBlob` and the .wasm paths through
 * `locateFile`, so declaring it undefined inside the factory changes nothing else.
 *
 * Second, the thread cap. tfjs's C++ takes `num_cores = emscripten_num_logical_cores() / 2` (it
 * assumes two hyper-threads per core) and caps every thread count at it, `setThreadsCount` included:
 * on a 2-core machine that is one thread, which is why wasm "stayed at one thread". Reporting twice
 * the logical cores lifts the cap to the logical core count; the app then picks the count itself
 * (src/workers/backends.ts).
 */
const FILE = /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;
const CORES = 'function _emscripten_num_logical_cores(){if(ENVIRONMENT_IS_NODE)return require("os").cpus().length;return navigator["hardwareConcurrency"]}';
const POOL = 'var pthreadPoolSize=8;';
/**
 * Third, the pool: Emscripten spawns 8 pthread workers up front, each a nested `new Worker()`, which in Firefox is a
 * blocking round trip to the page that now and then never returns. Spawn only what the app uses
 * (src/ml/threads.ts's rule, at least 2), so fewer spawns can hang; a worker that sets self[WASM_POOL_OVERRIDE] before its backend starts gets that many.
 */
const POOL_PATCHED = `var pthreadPoolSize=typeof self!=="undefined"&&typeof self.${WASM_POOL_OVERRIDE}==="number"?self.${WASM_POOL_OVERRIDE}:(function(n){n=Math.max(1,Math.floor(n)||1);return Math.max(2,Math.min(8,n<=2?n:Math.ceil(n/2)))})(navigator["hardwareConcurrency"]);`;
const OUTER = /var _scriptDir = typeof document !== 'undefined' && document\.currentScript \? document\.currentScript\.src : undefined;\s*if \(typeof __filename !== 'undefined'\) _scriptDir = _scriptDir \|\| __filename;\s*return \(\s*function\(WasmBackendModuleThreadedSimd\) \{/;

export function wasmThreadsPlugin(): Plugin {
  return {
    name: 'center-loss-lab:tfjs-wasm-threads',
    enforce: 'pre',
    transform(code, id) {
      if (!FILE.test(id)) return null;
      if (!OUTER.test(code) || !code.includes(CORES) || !code.includes(POOL)) {
        // A tfjs upgrade changed the Emscripten output: fail the build rather than ship broken threads.
        this.error('tfjs-backend-wasm-threaded-simd.js no longer matches what vite/wasmThreadsPlugin.ts patches; update the plugin');
      }
      const patched = code
        .replace(OUTER, 'return (\nfunction(WasmBackendModuleThreadedSimd) {\n  var _scriptDir = undefined;')
        .replace(CORES, CORES.replace('return navigator["hardwareConcurrency"]', 'return 2*navigator["hardwareConcurrency"]'))
        .replace(POOL, POOL_PATCHED);
      return { code: patched, map: null };
    },
  };
}
