/**
 * A training batch gathered on the GPU from a training set uploaded once, so that a step uploads only its
 * indices (../trainer.ts uses these on webgpu).
 * - GatherMnistImages: pixels packed four to an int32 (WGSL has no 8-bit storage), a 256-entry table of the
 *   normalised value of each byte (so the values equal mnist.ts's normalizeInto bit for bit) and the
 *   indices → float32 [m, 28, 28, 1].
 * - GatherOneHot: labels (int32) and the indices → float32 one-hot [m, numClasses].
 */
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { flatProgram, isWebGpuBackend, WEBGPU, type WgslProgram } from './webgpuProgram';

export const GATHER_MNIST_IMAGES = 'GatherMnistImages';
export const GATHER_ONE_HOT = 'GatherOneHot';

/** Pixels → int32 words, byte j of an image in bits 8·(j mod 4) of word j / 4 (pixels per image: a multiple of 4). */
export function packPixels(pixels: Uint8Array): Int32Array {
  if (pixels.length % 4 !== 0) throw new Error(`packPixels: ${pixels.length} bytes is not a multiple of 4`);
  const out = new Int32Array(pixels.length / 4);
  for (let w = 0; w < out.length; w++) {
    const i = 4 * w;
    out[w] = pixels[i]! | (pixels[i + 1]! << 8) | (pixels[i + 2]! << 16) | (pixels[i + 3]! << 24);
  }
  return out;
}

/** Byte `pixel` of image `image` (pixelsPerImage each) from the packed words: the shader's index math. */
export function unpackedPixel(packed: Int32Array, pixelsPerImage: number, image: number, pixel: number): number {
  const j = image * pixelsPerImage + pixel;
  return (packed[j >> 2]! >>> (8 * (j & 3))) & 255;
}

function imagesProgram(m: number, pixelsPerImage: number): WgslProgram {
  return flatProgram({
    variableNames: ['packed', 'table', 'indices'],
    outputShape: [m, 28, 28, 1],
    shaderKey: 'clGatherMnistImages',
    size: true,
    count: m * pixelsPerImage,
    uniforms: 'pixelsPerImage : i32,',
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let P = uniforms.pixelsPerImage;
          let b = index / P;
          let j = indices[b] * P + (index - b * P);
          let byte = (bitcast<u32>(packed[j / 4]) >> (8u * u32(j % 4))) & 255u;
          result[index] = table[i32(byte)];
        }
      }`,
  });
}

function oneHotProgram(m: number, numClasses: number): WgslProgram {
  return flatProgram({
    variableNames: ['labels', 'indices'],
    outputShape: [m, numClasses],
    shaderKey: 'clGatherOneHot',
    size: true,
    count: m * numClasses,
    getUserCode: () => `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let C = uniforms.outShape.y;
          let b = index / C;
          result[index] = select(0.0, 1.0, labels[indices[b]] == index - b * C);
        }
      }`,
  });
}

const gatherImages: KernelFunc = ({ inputs, backend, attrs }) => {
  const { packed, table, indices } = inputs as { packed?: TensorInfo; table?: TensorInfo; indices?: TensorInfo };
  const pixelsPerImage = (attrs as { pixelsPerImage?: number } | undefined)?.pixelsPerImage ?? 784;
  if (!packed || !table || !indices) throw new Error(`${GATHER_MNIST_IMAGES} (webgpu): needs inputs packed, table and indices`);
  if (!isWebGpuBackend(backend)) throw new Error(`${GATHER_MNIST_IMAGES} (webgpu): called with a backend that is not tfjs-backend-webgpu`);
  if (pixelsPerImage !== 784 || packed.dtype !== 'int32' || indices.dtype !== 'int32' || table.shape[0] !== 256) {
    throw new Error(`${GATHER_MNIST_IMAGES} (webgpu): expects 28 × 28 images packed as int32, int32 indices and a 256-entry table`);
  }
  const m = indices.shape[0]!;
  return backend.runWebGPUProgram(imagesProgram(m, pixelsPerImage), [packed, table, indices], 'float32', [{ type: 'int32', data: [pixelsPerImage] }]);
};

const gatherOneHot: KernelFunc = ({ inputs, backend, attrs }) => {
  const { labels, indices } = inputs as { labels?: TensorInfo; indices?: TensorInfo };
  const numClasses = (attrs as { numClasses?: number } | undefined)?.numClasses;
  if (!labels || !indices || !numClasses) throw new Error(`${GATHER_ONE_HOT} (webgpu): needs inputs labels and indices and the attribute numClasses`);
  if (!isWebGpuBackend(backend)) throw new Error(`${GATHER_ONE_HOT} (webgpu): called with a backend that is not tfjs-backend-webgpu`);
  return backend.runWebGPUProgram(oneHotProgram(indices.shape[0]!, numClasses), [labels, indices], 'float32');
};

export const gatherMnistImagesConfig: KernelConfig = { kernelName: GATHER_MNIST_IMAGES, backendName: WEBGPU, kernelFunc: gatherImages };
export const gatherOneHotConfig: KernelConfig = { kernelName: GATHER_ONE_HOT, backendName: WEBGPU, kernelFunc: gatherOneHot };
