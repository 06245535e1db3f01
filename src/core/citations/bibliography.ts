import { normalizeTitle } from '../normalize';
import { parseBibtex, splitBibtex } from '../parse/bibtex';
import type { Diagnostic, Paper } from '../types';
import type { KeyedSyntax } from './syntax';

/** A bibliography file a document names, as written there. */
export interface BibliographyReference {
  /** The path as the document gives it, with `.bib` added where LaTeX's `\bibliography{}` leaves it out. */
  path: string;
  /** 1-based line of the command or YAML key. */
  line: number;
  via: 'bibliography' | 'addbibresource' | 'yaml' | 'typst';
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** LaTeX source with `%` comments blanked out (same length), so commented-out commands are not read. */
function withoutLatexComments(text: string): string {
  return text.replace(/(^|[^\\])((?:\\\\)*)%[^\n]*/g, (match, before: string, backslashes: string) =>
    before + backslashes + ' '.repeat(match.length - before.length - backslashes.length),
  );
}

function latexReferences(text: string): BibliographyReference[] {
  const source = withoutLatexComments(text);
  const references: BibliographyReference[] = [];
  const command = /\\(bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\]\s*)?\{([^{}]*)\}/g;
  for (let match = command.exec(source); match; match = command.exec(source)) {
    const line = lineOf(source, match.index);
    if (match[1] === 'bibliography') {
      for (const name of match[2].split(',').map((n) => n.trim()).filter(Boolean)) {
        references.push({ path: /\.bib$/i.test(name) ? name : `${name}.bib`, line, via: 'bibliography' });
      }
    } else if (match[2].trim()) {
      references.push({ path: match[2].trim(), line, via: 'addbibresource' });
    }
  }
  return references;
}

function unquoteYaml(value: string): string {
  const trimmed = value.trim();
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(trimmed);
  if (quoted) return quoted[1] !== undefined ? quoted[1].replace(/\\(.)/g, '$1') : quoted[2].replace(/''/g, "'");
  return trimmed.replace(/\s+#.*$/, '').trim();
}

function splitInlineYamlList(inner: string): string[] {
  const items: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const char of inner) {
    if (quote) {
      if (char === quote) quote = null;
      current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      current += char;
    } else if (char === ',') {
      items.push(current);
      current = '';
    } else current += char;
  }
  items.push(current);
  return items.map(unquoteYaml).filter(Boolean);
}

/** `bibliography:` in the YAML front matter: a string, an inline `[a.bib, b.bib]` list or a block list. */
function pandocReferences(text: string): BibliographyReference[] {
  const lines = text.split(/\r?\n/);
  if (!/^---\s*$/.test(lines[0] ?? '')) return [];
  const references: BibliographyReference[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^(?:---|\.\.\.)\s*$/.test(line)) break;
    const key = /^bibliography\s*:(.*)$/.exec(line);
    if (!key) continue;
    const value = key[1].replace(/\s+#.*$/, '').trim();
    if (value.startsWith('[')) {
      const inner = value.replace(/^\[/, '').replace(/\]\s*$/, '');
      for (const path of splitInlineYamlList(inner)) references.push({ path, line: i + 1, via: 'yaml' });
    } else if (value) {
      const path = unquoteYaml(value);
      if (path) references.push({ path, line: i + 1, via: 'yaml' });
    } else {
      for (let j = i + 1; j < lines.length; j++) {
        const item = /^\s+-\s+(.+)$/.exec(lines[j]);
        if (item) {
          const path = unquoteYaml(item[1]);
          if (path) references.push({ path, line: j + 1, via: 'yaml' });
        } else if (!/^\s*(#.*)?$/.test(lines[j])) break;
      }
    }
  }
  return references;
}

/** Typst `#bibliography("a.bib")` or `#bibliography(("a.bib", "b.yml"), style: …)`, outside `//` comments. */
function typstReferences(text: string): BibliographyReference[] {
  const source = text.replace(/\/\/[^\n]*/g, (comment) => ' '.repeat(comment.length));
  const references: BibliographyReference[] = [];
  const call = /(?:^|[^\w.-])bibliography\(\s*(?:"((?:[^"\\]|\\.)*)"|\(([^)]*)\))/g;
  for (let match = call.exec(source); match; match = call.exec(source)) {
    const line = lineOf(source, match.index + match[0].indexOf('bibliography'));
    const paths = match[1] !== undefined ? [match[1]] : [...match[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]);
    for (const path of paths) if (path) references.push({ path, line, via: 'typst' });
  }
  return references;
}

/** The bibliography files a document names, in document order. */
export function findBibliographyReferences(syntax: KeyedSyntax, text: string): BibliographyReference[] {
  if (syntax === 'latex') return latexReferences(text);
  if (syntax === 'pandoc') return pandocReferences(text);
  return typstReferences(text);
}

/** One entry of a .bib file as the citation features need it. */
export interface BibEntry {
  key: string;
  /** The decoded title, or null when the entry could not be read (its key still counts as taken). */
  title: string | null;
  /** 1-based line of `@type{key,`. */
  line: number;
}

/** Every keyed entry of a .bib text, malformed ones included (with a null title), and the parser's diagnostics. */
export function readBibEntries(bibText: string, file = 'references.bib'): { entries: BibEntry[]; diagnostics: Diagnostic[] } {
  const parsed = parseBibtex(bibText, file);
  const titleAtLine = new Map<number, string>();
  for (const entry of parsed.entries) titleAtLine.set(entry.source.line, entry.title);
  const entries: BibEntry[] = [];
  for (const chunk of splitBibtex(bibText)) {
    if (chunk.type === 'string' || chunk.type === 'preamble' || chunk.type === 'comment') continue;
    const key = /^@[^{(]*[{(]\s*([^,\s{}()]+)\s*,/.exec(chunk.text)?.[1];
    if (!key) continue;
    entries.push({ key, title: titleAtLine.get(chunk.line) ?? null, line: chunk.line });
  }
  return { entries, diagnostics: parsed.diagnostics };
}

/** Renders one paper as a BibTeX entry under a given key (the exporter's job; passed in to keep this module small). */
export type BibtexRenderer = (paper: Paper, key: string) => string;

export interface BibliographyPlan {
  /** The key every requested paper is cited by: its existing entry's key, else the key its new entry gets. */
  keyOfPaper: Map<string, string>;
  /** Text to append at the end of the .bib ('' when every paper is already there). */
  appendText: string;
  /** Papers that get a new entry, with its key, in request order. */
  added: { paperId: string; key: string }[];
  /** Papers whose entry was already there, with that entry's key. */
  reused: { paperId: string; key: string }[];
}

function freeKey(wanted: string, taken: Set<string>): string {
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 0; ; n++) {
    let suffix = '';
    let i = n;
    do {
      suffix = String.fromCharCode(97 + (i % 26)) + suffix;
      i = Math.floor(i / 26) - 1;
    } while (i >= 0);
    if (!taken.has((wanted + suffix).toLowerCase())) return wanted + suffix;
  }
}

/**
 * Which papers are missing from a .bib and what to append for them. A paper whose normalised title is
 * already there keeps that entry's key; a new entry takes the paper's key, or, when another entry holds that
 * key (compared without case, as BibTeX does), the first free `key` + `a`, `b`, …. Existing text is never changed.
 */
export function planBibliographyAdditions(
  bibText: string,
  papers: readonly Paper[],
  render: BibtexRenderer,
  /** The entries of `bibText` when the caller has them already (parsing a large .bib is the slow part). */
  entries: readonly BibEntry[] = readBibEntries(bibText).entries,
): BibliographyPlan {
  const keyOfTitle = new Map<string, string>();
  for (const entry of entries) {
    if (entry.title === null) continue;
    const title = normalizeTitle(entry.title);
    if (title && !keyOfTitle.has(title)) keyOfTitle.set(title, entry.key);
  }
  const taken = new Set(entries.map((entry) => entry.key.toLowerCase()));
  const keyOfPaper = new Map<string, string>();
  const added: BibliographyPlan['added'] = [];
  const reused: BibliographyPlan['reused'] = [];
  const newEntries: string[] = [];
  for (const paper of papers) {
    if (keyOfPaper.has(paper.id)) continue;
    const title = normalizeTitle(paper.title);
    const existing = keyOfTitle.get(title);
    if (existing !== undefined) {
      keyOfPaper.set(paper.id, existing);
      reused.push({ paperId: paper.id, key: existing });
      continue;
    }
    const key = freeKey(paper.citationKey, taken);
    taken.add(key.toLowerCase());
    keyOfTitle.set(title, key);
    keyOfPaper.set(paper.id, key);
    added.push({ paperId: paper.id, key });
    newEntries.push(render(paper, key).trim());
  }
  if (newEntries.length === 0) return { keyOfPaper, appendText: '', added, reused };
  const separator = bibText.trim() === '' ? '' : bibText.endsWith('\n\n') ? '' : bibText.endsWith('\n') ? '\n' : '\n\n';
  return { keyOfPaper, appendText: separator + newEntries.join('\n\n') + '\n', added, reused };
}
