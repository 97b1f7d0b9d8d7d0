/**
 * prelu(z + bias, a), the layer after each LeNet++ conv and fc1. Where the active backend has a
 * fused BiasPreluGrad kernel (wasm, backends/wasmBiasPreluGrad.ts), the gradient is that one kernel;
 * elsewhere it is tfjs's own composition of ops, as before.
 */
import * as tf from '@tensorflow/tfjs';
import { BIAS_PRELU_GRAD } from './backends/wasmBiasPreluGrad';

const fused = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [z, bias, alpha, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const u = tf.add(z, bias);
  save([u, alpha]);
  return {
    value: tf.prelu(u, alpha),
    gradFunc: (dy: tf.Tensor, [saved, slope]: tf.Tensor[]) => tf.engine().runKernel(BIAS_PRELU_GRAD, { dy, u: saved!, alpha: slope! }) as tf.Tensor[],
  };
});

export function biasPrelu<T extends tf.Tensor>(z: T, bias: tf.Tensor, alpha: tf.Tensor): T {
  const canFuse = alpha.size === 1 && bias.rank === 1 && z.rank >= 2 && tf.getKernel(BIAS_PRELU_GRAD, tf.getBackend()) !== undefined;
  return (canFuse ? fused(z, bias, alpha) : tf.prelu(tf.add(z, bias), alpha)) as T;
}
