/** Conversions between tfjs layouts (NHWC / HWIO / [in, out]) and PyTorch's (OIHW / [out, in], C×H×W flatten). */

/** tfjs conv kernel [kh, kw, in, out] → PyTorch [out, in, kh, kw]. */
export function hwioToOihw(w: Float32Array, [kh, kw, ci, co]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let y = 0; y < kh!; y++)
    for (let x = 0; x < kw!; x++)
      for (let i = 0; i < ci!; i++)
        for (let o = 0; o < co!; o++) out[((o * ci! + i) * kh! + y) * kw! + x] = w[((y * kw! + x) * ci! + i) * co! + o]!;
  return out;
}

export function oihwToHwio(w: Float32Array, [co, ci, kh, kw]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let o = 0; o < co!; o++)
    for (let i = 0; i < ci!; i++)
      for (let y = 0; y < kh!; y++)
        for (let x = 0; x < kw!; x++) out[((y * kw! + x) * ci! + i) * co! + o] = w[((o * ci! + i) * kh! + y) * kw! + x]!;
  return out;
}

/** Linear weight [in, out] → [out, in]. */
export function transpose2d(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c]!;
  return out;
}

/**
 * fc1 in tfjs: [side·side·C (H, W, C order), out] → PyTorch: [out, C·side·side (C, H, W order)].
 */
export function fc1ToTorch(w: Float32Array, side: number, channels: number, out: number): Float32Array {
  const n = side * side * channels;
  const res = new Float32Array(n * out);
  for (let h = 0; h < side; h++)
    for (let x = 0; x < side; x++)
      for (let c = 0; c < channels; c++) {
        const tfRow = (h * side + x) * channels + c;
        const torchCol = (c * side + h) * side + x;
        for (let o = 0; o < out; o++) res[o * n + torchCol] = w[tfRow * out + o]!;
      }
  return res;
}

export function fc1FromTorch(w: Float32Array, side: number, channels: number, out: number): Float32Array {
  const n = side * side * channels;
  const res = new Float32Array(n * out);
  for (let h = 0; h < side; h++)
    for (let x = 0; x < side; x++)
      for (let c = 0; c < channels; c++) {
        const tfRow = (h * side + x) * channels + c;
        const torchCol = (c * side + h) * side + x;
        for (let o = 0; o < out; o++) res[tfRow * out + o] = w[o * n + torchCol]!;
      }
  return res;
}
