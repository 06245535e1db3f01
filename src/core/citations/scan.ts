import { findLatexCitation } from './insert';
import type { KeyedSyntax } from './syntax';

/** Where a citation key is being typed: the typed part and the offset it starts at. */
export interface CompletionContext {
  /** What the user typed of the key so far (may be empty). */
  prefix: string;
  /** Offset (in the text given) where the prefix starts; completion replaces from here to the cursor. */
  start: number;
  /** Keys the same LaTeX citation already holds, not worth suggesting again. */
  siblingKeys: string[];
}

/** How much text before the cursor the completion rules read. */
const LOOKBEHIND = 2000;

const latexOpenCitation = /\\[A-Za-z]*cite[A-Za-z]*\*?(?:\s*\[[^\][]*\])*\s*\{([^{}]*)$/;

function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1);
}

/** True when a `%` that is not `\%` starts a comment before the end of the line. */
function inLatexComment(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '%') return true;
  }
  return false;
}

function inMarkdownCode(textBefore: string): boolean {
  const fences = textBefore.match(/^[ \t]{0,3}(?:```|~~~)/gm)?.length ?? 0;
  if (fences % 2 === 1) return true;
  const backticks = lastLine(textBefore).match(/`+/g) ?? [];
  return backticks.length % 2 === 1;
}

/**
 * Whether the text before the cursor ends inside a citation key being typed. LaTeX: after `\cite{`,
 * `\citep[p.~3]{`, … and after a comma inside them. Pandoc: after `[@`, ` @`, `;@`, `-@` or an `@` that
 * starts a line, never inside an e-mail address or code. Typst: after an `@` that does not follow a word.
 */
export function completionContext(syntax: KeyedSyntax, textBefore: string): CompletionContext | undefined {
  const windowStart = Math.max(0, textBefore.length - LOOKBEHIND);
  const text = textBefore.slice(windowStart);
  if (syntax === 'latex') {
    if (inLatexComment(lastLine(text))) return undefined;
    const match = latexOpenCitation.exec(text);
    if (!match) return undefined;
    const inside = match[1];
    const lastComma = inside.lastIndexOf(',');
    const current = inside.slice(lastComma + 1);
    const prefix = current.trimStart();
    if (/\s/.test(prefix)) return undefined;
    const siblingKeys = inside
      .slice(0, Math.max(0, lastComma))
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean);
    return { prefix, start: textBefore.length - prefix.length, siblingKeys };
  }
  if (syntax === 'pandoc') {
    if (inMarkdownCode(textBefore)) return undefined;
    const match = /(?:^|[\s[;]|(?:^|[\s[;])-)@([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)?$/u.exec(lastLine(text));
    if (!match) return undefined;
    const prefix = match[1] ?? '';
    return { prefix, start: textBefore.length - prefix.length, siblingKeys: [] };
  }
  const match = /(?:^|[^\p{L}\p{N}_@.\\])@([\p{L}\p{N}_][\p{L}\p{N}_:.-]*)?$/u.exec(lastLine(text));
  if (!match || inMarkdownCode(textBefore)) return undefined;
  const prefix = match[1] ?? '';
  return { prefix, start: textBefore.length - prefix.length, siblingKeys: [] };
}

/** A citation key in the text and where it is. */
export interface KeyAtOffset {
  key: string;
  start: number;
  end: number;
}

const PANDOC_KEY_CHAR = /[\p{L}\p{N}_:.#$%&\-+?<>~/]/u;
const TYPST_KEY_CHAR = /[\p{L}\p{N}_:.-]/u;
const KEY_END = /[\p{L}\p{N}_]/u;

/**
 * The key under the cursor inside a citation, for hover and go-to-definition: one key of `\cite{a, b}`
 * (not the command), the `@key` of Pandoc or Typst (`@` included, trailing punctuation excluded).
 */
export function citationKeyAt(syntax: KeyedSyntax, text: string, offset: number): KeyAtOffset | undefined {
  if (syntax === 'latex') {
    const citation = findLatexCitation(text, offset);
    if (!citation || offset < citation.contentStart || offset > citation.contentEnd) return undefined;
    let itemStart = citation.contentStart;
    for (const item of text.slice(citation.contentStart, citation.contentEnd).split(',')) {
      const itemEnd = itemStart + item.length;
      if (offset >= itemStart && offset <= itemEnd) {
        const key = item.trim();
        if (!key) return undefined;
        const start = itemStart + item.indexOf(key);
        return { key, start, end: start + key.length };
      }
      itemStart = itemEnd + 1;
    }
    return undefined;
  }
  const keyChar = syntax === 'pandoc' ? PANDOC_KEY_CHAR : TYPST_KEY_CHAR;
  let start = offset;
  if (text[start] === '@') start++;
  while (start > 0 && keyChar.test(text[start - 1])) start--;
  if (text[start - 1] !== '@') {
    return syntax === 'pandoc' ? bracedPandocKeyAt(text, offset) : undefined;
  }
  const before = text[start - 2];
  const boundary = syntax === 'pandoc' ? /[\s[;-]/ : /[^\p{L}\p{N}_@.\\]/u;
  if (before !== undefined && !boundary.test(before)) return undefined;
  if (syntax === 'pandoc' && before === '-' && text[start - 3] !== undefined && !/[\s[;]/.test(text[start - 3])) return undefined;
  let end = start;
  while (end < text.length && keyChar.test(text[end])) end++;
  while (end > start && !KEY_END.test(text[end - 1])) end--;
  if (end <= start || offset > end) return undefined;
  if (!KEY_END.test(text[start])) return undefined;
  return { key: text.slice(start, end), start, end };
}

/** Pandoc's `@{key with odd characters}` form. */
function bracedPandocKeyAt(text: string, offset: number): KeyAtOffset | undefined {
  const open = text.lastIndexOf('@{', offset);
  if (open < 0) return undefined;
  const close = text.indexOf('}', open);
  if (close < 0 || offset > close || text.slice(open, close).includes('\n')) return undefined;
  const key = text.slice(open + 2, close);
  return key ? { key, start: open + 2, end: close } : undefined;
}
