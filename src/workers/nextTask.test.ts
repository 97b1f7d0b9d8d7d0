import { describe, expect, it } from 'vitest';
import { messageChannelQueue } from './nextTask';

describe('messageChannelQueue', () => {
  it('runs callbacks in order, each in a task of its own after the current one', async () => {
    const queue = messageChannelQueue();
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      queue(() => seen.push('a'));
      queue(() => {
        seen.push('b');
        queue(() => {
          seen.push('c');
          resolve();
        });
      });
    });
    seen.push('sync');
    await Promise.resolve();
    seen.push('microtask');
    await done;
    expect(seen).toEqual(['sync', 'microtask', 'a', 'b', 'c']);
  });
});
