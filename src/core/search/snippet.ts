const SNIPPET_LENGTH = 120;
const CONTEXT_BEFORE = 40;

/** About 120 characters of `text` around `matchStart`, cut at spaces, with ellipses where text was cut. */
export function makeSnippet(text: string, matchStart: number): string {
  const match = Math.min(Math.max(0, matchStart), text.length);
  let start = Math.max(0, match - CONTEXT_BEFORE);
  while (start > 0 && start < match && !isSpace(text.charCodeAt(start - 1))) start++;
  // Whitespace is collapsed in a window twice the snippet's length, never in the whole abstract.
  const windowEnd = Math.min(text.length, start + SNIPPET_LENGTH * 2);
  const window = text.slice(start, windowEnd).replace(/\s+/g, ' ');
  const leading = window.length - window.trimStart().length;
  let snippet = window.trim();
  const cutBefore = hasText(text, 0, start);
  let cutAfter = hasText(text, windowEnd, text.length);
  if (snippet.length > SNIPPET_LENGTH) {
    const matchInSnippet = Math.max(0, match - start - leading);
    const space = snippet.lastIndexOf(' ', SNIPPET_LENGTH);
    snippet = snippet.slice(0, space > matchInSnippet && space > 0 ? space : SNIPPET_LENGTH).trimEnd();
    cutAfter = true;
  }
  return `${cutBefore ? '…' : ''}${snippet}${cutAfter ? '…' : ''}`;
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200a) || code === 0x3000;
}

function hasText(text: string, from: number, to: number): boolean {
  for (let index = from; index < to; index++) if (!isSpace(text.charCodeAt(index))) return true;
  return false;
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
