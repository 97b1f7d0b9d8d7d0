/** Per class, how many of its test images a run gets right: the Metrics panel's per-class line, by the dataset's class names. */

export interface ClassAccuracy {
  k: number;
  /** Test images of the class in the eval subset. */
  count: number;
  /** Right / count; NaN without images. */
  accuracy: number;
}

/** From the eval subset's labels and a snapshot's softmax predictions; the held-out class is left out (it can never be right). */
export function classAccuracies(labels: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number, heldOut: number | null): ClassAccuracy[] {
  const count = new Float64Array(numClasses);
  const right = new Float64Array(numClasses);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i]!;
    if (y >= numClasses) continue;
    count[y]!++;
    if (predictions[i] === y) right[y]!++;
  }
  return Array.from({ length: numClasses }, (_, k) => ({ k, count: count[k]!, accuracy: count[k]! > 0 ? right[k]! / count[k]! : NaN })).filter((c) => c.k !== heldOut);
}
