/** What every saved format records beside its tensors: the dataset it was trained on and the model's full spec, with their schemas. No tensors. */
import { z } from 'zod';
import { FEAT_DIMS, VARIANT_WIDTHS, type ModelSpec } from './architecture';
import { VARIANTS } from './config';
import { MAX_CLASSES, MIN_CLASSES, MNIST, type DatasetSpec } from './datasetSpec';

/** The dataset as a file records it: enough to name it and its classes, and to refuse the file on another. */
export interface DatasetRef {
  id: string;
  name: string;
  classNames: string[];
}

/** The one place every writer (the page's export, the CLI's files, the autosave) records the dataset it trained on. */
export const datasetRefOf = (d: Pick<DatasetSpec, 'id' | 'name' | 'classNames'>): DatasetRef => ({ id: d.id, name: d.name, classNames: [...d.classNames] });

/** Files written before datasets were recorded were all trained on MNIST. */
export const LEGACY_DATASET: DatasetRef = datasetRefOf(MNIST);

export const datasetRefSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  classNames: z.array(z.string()).min(MIN_CLASSES).max(MAX_CLASSES),
});

export const modelSpecSchema = z
  .object({
    variant: z.enum(VARIANTS),
    widths: z.array(z.array(z.number().int().positive())),
    featDim: z.union(FEAT_DIMS.map((d) => z.literal(d)) as [z.ZodLiteral<2>, z.ZodLiteral<3>], { error: `featDim must be one of ${FEAT_DIMS.join(', ')}` }),
    numClasses: z.number().int().min(MIN_CLASSES).max(MAX_CLASSES),
    fc2Bias: z.boolean(),
  })
  .superRefine((m, ctx) => {
    const expected = VARIANT_WIDTHS[m.variant];
    if (JSON.stringify(m.widths) !== JSON.stringify(expected)) ctx.addIssue({ code: 'custom', path: ['widths'], message: `must be ${JSON.stringify(expected)} for the ${m.variant} model` });
  });

/** The model's spec as read back from a file (a copy: the file's arrays stay the file's). */
export const specOf = (m: z.infer<typeof modelSpecSchema>): ModelSpec => ({ variant: m.variant, widths: m.widths.map((s) => [...s]), featDim: m.featDim, numClasses: m.numClasses, fc2Bias: m.fc2Bias });

/** Why a file trained on one dataset cannot be used on the loaded one, or null when they are the same. */
export function datasetMismatch(file: Pick<DatasetRef, 'id' | 'name'>, loaded: Pick<DatasetSpec, 'id' | 'name'>): string | null {
  if (file.id === loaded.id) return null;
  return `it was trained on ${file.name} (${file.id}), but the loaded dataset is ${loaded.name} (${loaded.id}): load ${file.name} first, or train a new model on ${loaded.name}`;
}

/** The classes of the model must be the dataset's. */
export function checkClasses(ctx: z.RefinementCtx, model: { numClasses: number }, dataset: DatasetRef, path: PropertyKey[]): void {
  if (model.numClasses !== dataset.classNames.length) ctx.addIssue({ code: 'custom', path, message: `must equal the ${dataset.classNames.length} classes of ${dataset.name}, got ${model.numClasses}` });
}
