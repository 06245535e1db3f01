import * as assert from 'assert';
import { waitFor } from '../e2e/harness';

describe('waitFor, the e2e harness wait-for-condition helper', () => {
  it('resolves with the first truthy value the condition returns', async () => {
    let polls = 0;
    const value = await waitFor(() => (++polls === 3 ? 'ready' : undefined), 'three polls', { intervalMs: 5 });
    assert.strictEqual(value, 'ready');
    assert.strictEqual(polls, 3);
  });

  it('rejects at its deadline naming what it waited for, even when a poll never settles', async () => {
    const started = Date.now();
    await assert.rejects(waitFor(() => new Promise<boolean>(() => undefined), 'a hanging poll', { timeoutMs: 200 }), {
      message: 'Timed out after 200 ms waiting for a hanging poll',
    });
    assert.ok(Date.now() - started < 1000);
  });

  it('reports the first line of the last error a throwing condition raised', async () => {
    await assert.rejects(
      waitFor(() => { throw new Error('element detached\ncall log…'); }, 'a throwing poll', { timeoutMs: 100, intervalMs: 10 }),
      { message: 'Timed out after 100 ms waiting for a throwing poll (last error: element detached)' },
    );
  });
});
