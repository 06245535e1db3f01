const SNIPPET_LENGTH = 120;
const CONTEXT_BEFORE = 40;

/** About 120 characters of `text` around `matchStart`, cut at spaces, with ellipses where text was cut. */
export function makeSnippet(text: string, matchStart: number): string {
  const match = Math.min(Math.max(0, matchStart), text.length);
  // Cut a generous raw window first so whitespace is collapsed in 300 characters, not the whole abstract.
  let start = Math.max(0, match - CONTEXT_BEFORE);
  while (start > 0 && start < match && !/\s/.test(text[start - 1])) start++;
  let end = Math.min(text.length, start + SNIPPET_LENGTH * 2);
  const window = text.slice(start, end).replace(/\s+/g, ' ');
  const leading = window.length - window.trimStart().length;
  let snippet = window.trim();
  const cutBefore = start > 0 || text.slice(0, start).trim().length > 0;
  let cutAfter = end < text.length && text.slice(end).trim().length > 0;
  if (snippet.length > SNIPPET_LENGTH) {
    const matchInSnippet = Math.max(0, match - start - leading);
    const space = snippet.lastIndexOf(' ', SNIPPET_LENGTH);
    end = space > matchInSnippet && space > 0 ? space : SNIPPET_LENGTH;
    snippet = snippet.slice(0, end).trimEnd();
    cutAfter = true;
  }
  return `${cutBefore ? '…' : ''}${snippet}${cutAfter ? '…' : ''}`;
}

const phraseRegexCache = new Map<string, RegExp | undefined>();

/**
 * The phrase's words in order, case-insensitive, any non-word characters between them, not inside longer words;
 * undefined when the phrase has no words.
 */
export function phraseRegex(phrase: string): RegExp | undefined {
  if (phraseRegexCache.has(phrase)) return phraseRegexCache.get(phrase);
  const words = phrase.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
  const pattern = words.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[^\\p{L}\\p{N}]+')}(?![\\p{L}\\p{N}])`, 'iu') : undefined;
  if (phraseRegexCache.size > 256) phraseRegexCache.clear();
  phraseRegexCache.set(phrase, pattern);
  return pattern;
}
