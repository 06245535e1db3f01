/**
 * The item a single-choice quick pick's accept means. The extension host learns which row is active from
 * messages that can trail a fresh list of items (typing re-queries on every keystroke): its active items may
 * then be empty or still those of an earlier list, and accepting them opened nothing, or another paper. The
 * workbench focuses the first row whenever the items change, so an active item no longer shown means that one.
 */
export function acceptedItem<T>(items: readonly T[], activeItems: readonly T[]): T | undefined {
  return activeItems.find((item) => items.includes(item)) ?? items[0];
}
