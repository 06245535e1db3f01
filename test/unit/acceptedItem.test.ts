import * as assert from 'assert';
import { acceptedItem } from '../../src/features/acceptedItem';

describe('the item a search pick accepts', () => {
  const first = { paperId: 'a' };
  const second = { paperId: 'b' };
  const earlier = { paperId: 'a' };

  it('is the active item when it is among the items shown', () => {
    assert.strictEqual(acceptedItem([first, second], [second]), second);
  });

  it('is the first item shown when the active items trail a new list: none yet, or those of an earlier list', () => {
    assert.strictEqual(acceptedItem([first, second], []), first);
    // An item of the same paper from an earlier list is not one of these items.
    assert.strictEqual(acceptedItem([second, first], [earlier]), second);
  });

  it('is nothing when nothing is shown', () => {
    assert.strictEqual(acceptedItem([], [earlier]), undefined);
  });
});
