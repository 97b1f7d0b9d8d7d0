/** An autosave is resumed only on the dataset it was trained on, and says why not otherwise. */
import { describe, expect, it } from 'vitest';
import { fakeSave } from '../../test/fakeSave';
import { pack } from '../ml/bufferPack';
import { presetConfig } from '../ml/config';
import { MNIST } from '../ml/datasetSpec';
import { openSave, startsOf } from './saves';

const FASHION = { ...MNIST, id: 'fashion-mnist', name: 'Fashion-MNIST' };

describe('openSave', () => {
  const config = presetConfig('fast', { variant: 'slim', compare: true });

  it('opens a save of the loaded dataset, its runs starting from the model it records', async () => {
    const opened = await openSave(pack(fakeSave(config, 7)), MNIST);
    if (!opened.ok) throw new Error(opened.error);
    const starts = startsOf(opened.value);
    expect(starts).toHaveLength(2);
    expect(starts[0]!.spec).toEqual(opened.value.model);
    expect(starts[0]!.optimizer).toMatchObject({ kind: 'sgd', step: 7 });
    expect(starts[0]!.state).toEqual({ step: 7, sampler: { epoch: 0, cursor: 7 * 128 } });
  });

  it('refuses a save of another dataset, naming both', async () => {
    const opened = await openSave(pack(fakeSave(config, 7)), FASHION);
    expect(opened).toEqual({ ok: false, error: 'it was trained on MNIST (mnist), but the loaded dataset is Fashion-MNIST (fashion-mnist): load MNIST first, or train a new model on Fashion-MNIST' });
  });

  it('refuses a save whose optimizer state is not the one its settings train with', async () => {
    const save = fakeSave(config, 7);
    const adam = { ...save, config: { ...config, hyper: { ...config.hyper, optimizer: 'adam' as const } } };
    expect(await openSave(pack(adam), MNIST)).toEqual({ ok: false, error: "run 0: its optimizer state is sgd's where its settings train with adam" });
  });
});
