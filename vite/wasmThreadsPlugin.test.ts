import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { WASM_POOL_OVERRIDE, wasmThreadsFor } from '../src/ml/threads';
import { wasmThreadsPlugin } from './wasmThreadsPlugin';

const require = createRequire(import.meta.url);
const FILE = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');

type Transform = (this: { error(msg: string): never }, code: string, id: string) => { code: string } | null;
const transform = (code: string, id: string) =>
  (wasmThreadsPlugin().transform as Transform).call(
    {
      error(msg: string): never {
        throw new Error(msg);
      },
    },
    code,
    id,
  );

/** Loads a CommonJS Emscripten module from source and returns its factory. */
function factoryOf(code: string): (...args: unknown[]) => unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', '__filename', code)(module, module.exports, require, FILE);
  return module.exports as (...args: unknown[]) => unknown;
}

describe('the tfjs wasm threads build patch', () => {
  const original = readFileSync(FILE, 'utf8');
  const patched = transform(original, FILE)!.code;

  it('makes the factory that pthread workers re-create from its source self-contained', () => {
    const before = factoryOf(original).toString();
    const after = factoryOf(patched).toString();
    // tfjs builds each pthread worker from `factory.toString()`: the closure variable must live inside it.
    expect(original.slice(0, original.indexOf('function(WasmBackendModuleThreadedSimd)'))).toContain('var _scriptDir');
    expect(before).not.toContain('var _scriptDir');
    expect(after).toContain('var _scriptDir = undefined;');
    // A worker evaluates exactly this; it must parse and define the factory with nothing from outside.
    const rebuilt = new Function(`var WasmBackendModuleThreadedSimd = ${after}; return WasmBackendModuleThreadedSimd;`)() as unknown;
    expect(typeof rebuilt).toBe('function');
  });

  it('reports twice the logical cores, so tfjs no longer caps threads at half of them', () => {
    expect(patched).toContain('return 2*navigator["hardwareConcurrency"]');
    expect(patched.match(/return 2\*navigator\["hardwareConcurrency"\]/g)).toHaveLength(1);
  });

  it('spawns only the pool workers the app uses (each spawn can hang in Firefox), never fewer than it trains on', () => {
    expect(original).toContain('var pthreadPoolSize=8;');
    const pool = (cores: number) => new Function('navigator', `${/var pthreadPoolSize=.*?\(navigator\["hardwareConcurrency"\]\);/.exec(patched)![0]} return pthreadPoolSize;`)({ hardwareConcurrency: cores }) as number;
    expect([1, 2, 4, 8, 16, 64].map(pool)).toEqual([2, 2, 2, 4, 8, 8]);
    for (const cores of [1, 2, 3, 4, 6, 8, 12, 16, 64]) expect(pool(cores)).toBeGreaterThanOrEqual(wasmThreadsFor(cores));
  });

  it('spawns the pool a worker asks for before its backend starts (a stepper on one thread: one)', () => {
    const pool = (self: object) => new Function('navigator', 'self', `${/var pthreadPoolSize=.*?\(navigator\["hardwareConcurrency"\]\);/.exec(patched)![0]} return pthreadPoolSize;`)({ hardwareConcurrency: 2 }, self) as number;
    expect(pool({ [WASM_POOL_OVERRIDE]: 1 })).toBe(1);
    expect(pool({ [WASM_POOL_OVERRIDE]: 3 })).toBe(3);
    expect(pool({})).toBe(2);
  });

  it('leaves every other module alone', () => {
    expect(transform(original, '/x/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.js')).toBeNull();
  });

  it('fails the build when a tfjs upgrade changes the code it patches', () => {
    expect(() => transform(original.replace('var _scriptDir', 'var scriptDirectoryName'), FILE)).toThrow(/no longer matches/);
  });
});
