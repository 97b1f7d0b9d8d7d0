/** Our kernels on one tfjs backend: native kernels wrapped (and kept, to put back), new ones added, tfjs's restored. No DOM. */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';

export class KernelRegistry {
  /** Kernel funcs installed through this registry: registering again is a no-op (idempotent). */
  private readonly ours = new Set<KernelFunc>();
  private readonly added = new Set<string>();
  private readonly replaced = new Map<string, KernelConfig>();

  constructor(readonly backend: string) {}

  /** Replaces a native kernel by make(native), keeping its setup and dispose; nothing when it is absent or already ours. */
  wrap(name: string, make: (native: KernelConfig) => KernelFunc): void {
    const current = tf.getKernel(name, this.backend);
    if (!current || this.ours.has(current.kernelFunc)) return;
    const kernelFunc = make(current);
    this.ours.add(kernelFunc);
    this.replaced.set(name, current);
    tf.unregisterKernel(name, this.backend);
    const config: KernelConfig = { kernelName: name, backendName: this.backend, kernelFunc };
    // setupFunc binds what the native fallback needs, if the backend initialises after this call.
    if (current.setupFunc) config.setupFunc = current.setupFunc;
    if (current.disposeFunc) config.disposeFunc = current.disposeFunc;
    tf.registerKernel(config);
  }

  /** Registers a kernel of ours; one the backend already has is replaced, unless `ifMissing`. */
  add(config: KernelConfig, ifMissing = false): void {
    const current = tf.getKernel(config.kernelName, this.backend);
    if (current && (ifMissing || this.ours.has(current.kernelFunc))) return;
    if (current) tf.unregisterKernel(config.kernelName, this.backend);
    this.ours.add(config.kernelFunc);
    tf.registerKernel(config);
    this.added.add(config.kernelName);
  }

  /** tfjs's own kernels back, the ones we added gone. */
  restore(): void {
    for (const name of this.added) tf.unregisterKernel(name, this.backend);
    this.added.clear();
    for (const [name, config] of this.replaced) {
      tf.unregisterKernel(name, this.backend);
      tf.registerKernel(config);
    }
    this.replaced.clear();
  }
}
