/** Up to this many items, insertion sort beats Array.prototype.sort; past it, insertion sort turns quadratic. */
const SMALL = 16;

/**
 * Stable sort in place, for the few items of one paper or one key: Array.prototype.sort allocates work
 * space on every call, which thousands of two-item sorts turn into garbage.
 */
export function sortSmall<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  if (items.length > SMALL) return items.sort(compare);
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    while (j >= 0 && compare(items[j], item) > 0) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
