import * as assert from 'assert';
import { sortSmall } from '../../src/core/sortSmall';
import { seededRandom } from '../../src/core/topics/kmeans';

describe('sortSmall', () => {
  it('sorts in place and keeps equal items in their order, as Array.prototype.sort does, short and long', () => {
    const random = seededRandom(3);
    for (const length of [0, 1, 2, 3, 5, 16, 17, 40, 500]) {
      const items = Array.from({ length }, (_, index) => ({ rank: Math.floor(random() * 4), index }));
      const byRank = (a: { rank: number }, b: { rank: number }) => a.rank - b.rank;
      const expected = [...items].sort(byRank);
      const sorted = sortSmall(items, byRank);
      assert.strictEqual(sorted, items);
      assert.deepStrictEqual(sorted, expected, `length ${length}`);
    }
  });

  it('orders a two-item list that comes reversed', () => {
    assert.deepStrictEqual(sortSmall(['b.txt', 'a.txt'], (a, b) => (a < b ? -1 : a > b ? 1 : 0)), ['a.txt', 'b.txt']);
  });
});
