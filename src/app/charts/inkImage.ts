/** Greyscale images (0 = background, 255 = ink) as RGBA, dark ink on white, the way every panel draws a digit. No DOM. */

export interface InkImage {
  data: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
}

/** `count` square images of `side` pixels in rows of `cols`; inkAt(k, i) is image k's pixel i (row-major), clamped to 0–255. */
export function inkGrid(count: number, side: number, cols: number, inkAt: (k: number, i: number) => number): InkImage {
  const width = cols * side;
  const height = Math.ceil(count / cols) * side;
  const data = new Uint8ClampedArray(width * height * 4);
  data.fill(255);
  for (let k = 0; k < count; k++) {
    const ox = (k % cols) * side;
    const oy = Math.floor(k / cols) * side;
    for (let i = 0; i < side * side; i++) {
      const at = ((oy + Math.floor(i / side)) * width + ox + (i % side)) * 4;
      data[at] = data[at + 1] = data[at + 2] = 255 - inkAt(k, i);
    }
  }
  return { data, width, height };
}

/** One image from its pixels (a digit, the pad's preview). */
export const inkImage = (pixels: ArrayLike<number>, side: number): InkImage => inkGrid(1, side, 1, (_, i) => pixels[i] ?? 0);
