/**
 * prelu(z + bias, a), the layer after each LeNet++ conv and fc1. Where the active backend has a fused
 * BiasPrelu kernel (webgpu, backends/webgpuBiasPrelu.ts) the forward pass is that one kernel and the
 * gradient gets z and bias; where it has only BiasPreluGrad (wasm, backends/wasmBiasPreluGrad.ts) the
 * gradient is that one kernel on u = z + bias; elsewhere it is tfjs's own composition of ops, as before.
 */
import * as tf from '@tensorflow/tfjs';
import { BIAS_PRELU_GRAD } from './backends/wasmBiasPreluGrad';
import { BIAS_PRELU } from './backends/webgpuBiasPrelu';

const fusedGrad = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [z, bias, alpha, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const u = tf.add(z, bias);
  save([u, alpha]);
  return {
    value: tf.prelu(u, alpha),
    gradFunc: (dy: tf.Tensor, [saved, slope]: tf.Tensor[]) => tf.engine().runKernel(BIAS_PRELU_GRAD, { dy, u: saved!, alpha: slope! }) as tf.Tensor[],
  };
});

const fusedBoth = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const [z, bias, alpha, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([z, bias, alpha]);
  return {
    value: tf.engine().runKernel(BIAS_PRELU, { z, bias, alpha }) as tf.Tensor,
    gradFunc: (dy: tf.Tensor, [zs, b, slope]: tf.Tensor[]) => tf.engine().runKernel(BIAS_PRELU_GRAD, { dy, z: zs!, bias: b!, alpha: slope! }) as tf.Tensor[],
  };
});

export function biasPrelu<T extends tf.Tensor>(z: T, bias: tf.Tensor, alpha: tf.Tensor): T {
  const backend = tf.getBackend();
  const shapesFit = alpha.size === 1 && bias.rank === 1 && z.rank >= 2;
  const hasGrad = shapesFit && tf.getKernel(BIAS_PRELU_GRAD, backend) !== undefined;
  if (hasGrad && tf.getKernel(BIAS_PRELU, backend) !== undefined) return fusedBoth(z, bias, alpha) as T;
  return (hasGrad ? fusedGrad(z, bias, alpha) : tf.prelu(tf.add(z, bias), alpha)) as T;
}
