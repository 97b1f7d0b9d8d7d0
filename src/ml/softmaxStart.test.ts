import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShippedStart, STARTS_PATH } from '../../test/mnistFiles';
import { classMeans, loadSoftmaxStart } from './softmaxStart';

const bytesOf = (files: Record<string, string>) => async (path: string) => (path in files ? new TextEncoder().encode(files[path]) : undefined);

describe('the quick lesson’s shipped start', () => {
  it('loads, matches its checksum and is a slim LeNet++ trained with softmax alone', async () => {
    const s = await loadShippedStart();
    expect(s.weights.spec.variant).toBe('slim');
    expect(s.weights.file.hyper.lambda).toBe(0);
    expect(s.weights.file.metrics!.testAccuracy).toBeGreaterThan(0.9);
    expect(s.manifest.command).toBe('npm run make:start');
  });

  it('is refused, naming the file, when its bytes do not match the manifest', async () => {
    const manifest = readFileSync(join(STARTS_PATH, 'manifest.json'), 'utf8');
    const file = JSON.parse(manifest).file as string;
    const text = readFileSync(join(STARTS_PATH, file), 'utf8');
    await expect(loadSoftmaxStart(bytesOf({ 'manifest.json': manifest, [file]: text.replace('"step"', ' "step"') }))).rejects.toThrow(`starts/${file} does not match its checksum`);
    await expect(loadSoftmaxStart(bytesOf({ 'manifest.json': manifest }))).rejects.toThrow(`starts/${file} is missing`);
    await expect(loadSoftmaxStart(bytesOf({}))).rejects.toThrow('starts/manifest.json is missing');
  });

  it('places each center at its class’s mean feature', () => {
    const features = [0, 0, 2, 2, 10, 10, 1, 1];
    expect(Array.from(classMeans(features, [0, 0, 1, 0], 2, 2))).toEqual([1, 1, 10, 10]);
  });
});
