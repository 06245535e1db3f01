import * as assert from 'assert';
import type { Paper } from '../../src/core/types';
import { PaperLookup } from '../../src/node/paperLookup';
import { paper } from './paperFactory';

function papers(count: number): Paper[] {
  return Array.from({ length: count }, (_, i) => paper(`id-${i}`, { citationKey: `key${i}`, title: `Paper number ${i}` }));
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('PaperLookup', () => {
  it('answers a look-up that comes before the background fill has reached the paper', () => {
    const all = papers(25_000);
    const byKey = new PaperLookup(all, (paper) => paper.citationKey);
    assert.strictEqual(byKey.complete, false);
    assert.strictEqual(byKey.get('key24999')?.title, 'Paper number 24999');
    assert.strictEqual(byKey.complete, true);
    assert.strictEqual(byKey.get('key-none'), undefined);
  });

  it('fills itself a slice per event-loop turn until every paper is in', async () => {
    const byId = new PaperLookup(papers(25_000), (paper) => paper.id);
    await nextTurn();
    assert.strictEqual(byId.complete, false, 'one slice is 10,000 papers');
    while (!byId.complete) await nextTurn();
    assert.strictEqual(byId.size, 25_000);
    assert.strictEqual(byId.get('id-12345')?.citationKey, 'key12345');
  });

  it('is complete at once for an empty corpus', () => {
    const empty = new PaperLookup([], (paper) => paper.id);
    assert.strictEqual(empty.complete, true);
    assert.strictEqual(empty.size, 0);
  });
});
