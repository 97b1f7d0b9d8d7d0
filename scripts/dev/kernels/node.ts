/**
 * Kernel A/B in Node (wasm, one thread): npx tsx scripts/dev/kernels/node.ts [slim|full] [batch] [rounds] ['{"name": {options}, …}']
 * The options are WasmTrainingKernelOptions (src/ml/backends/wasmKernels.ts); the default compares the
 * app's set with wasm's own elementwise kernels. Prints JSON.
 */
import '@tensorflow/tfjs-backend-wasm';
import { activateBackend } from '../../../src/ml/backend';
import type { Variant } from '../../../src/ml/config';
import { abRun, DEFAULT_CONFIGS } from './abRun';

const [variant = 'slim', batch = '128', rounds = '5', configs] = process.argv.slice(2);
await activateBackend('wasm');
const result = await abRun({ variant: variant as Variant, batch: Number(batch), rounds: Number(rounds), configs: configs ? JSON.parse(configs) : DEFAULT_CONFIGS });
console.log(JSON.stringify(result, null, 1));
