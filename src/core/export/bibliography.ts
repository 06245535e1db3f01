/**
 * Papers out as CSL-JSON, BibTeX, and formatted references (Citation.js's citeproc).
 * The BibTeX writer is our own: Citation.js's drops characters it cannot map (∝, 𝔼, ≤).
 */
import { citationJsWithCsl, CslItem, forgetCitationJsLog } from '../citationJs';
import type { BibliographicExtras, Paper } from '../types';
import { mathbbFallback, toLatex } from './latex';

const particles = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'do', 'du', 'la', 'le', 'ten', 'ter', 'zu', 'af', 'al', 'el', 'bin', 'ibn']);
const suffixes = /^(?:Jr\.?|Sr\.?|II|III|IV|V)$/;

interface CslPerson {
  given?: string;
  family?: string;
  'non-dropping-particle'?: string;
  suffix?: string;
  literal?: string;
}

/** "Given Family" display string to a CSL name, keeping lower-case particles ("van der") with the family. */
export function cslName(display: string): CslPerson {
  const words = display.trim().split(/\s+/);
  const suffix = words.length > 2 && suffixes.test(words[words.length - 1]) ? words.pop() : undefined;
  if (words.length === 1) return { family: words[0], ...(suffix ? { suffix } : {}) };
  const family = words.pop() as string;
  let particleStart = words.length;
  while (particleStart > 1 && particles.has(words[particleStart - 1])) particleStart--;
  const name: CslPerson = { family, given: words.slice(0, particleStart).join(' ') };
  if (particleStart < words.length) name['non-dropping-particle'] = words.slice(particleStart).join(' ');
  if (suffix) name.suffix = suffix;
  return name;
}

function dateParts(paper: Paper, extras?: BibliographicExtras): number[] | null {
  const iso = paper.date ?? extras?.issued;
  if (!iso) return null;
  const parts = iso.split('-').map(Number);
  return parts.every((n) => Number.isInteger(n) && n > 0) ? parts : null;
}

function defaultCslType(extras?: BibliographicExtras): string {
  return extras?.type ?? (extras?.containerTitle ? 'article-journal' : 'article');
}

/** One paper as a CSL-JSON item whose id is its citation key. */
export function toCslItem(paper: Paper, extras?: BibliographicExtras): CslItem {
  const item: CslItem = { id: paper.citationKey, 'citation-key': paper.citationKey, type: defaultCslType(extras), title: paper.title };
  if (paper.authors.length > 0) item.author = paper.authors.map(cslName);
  else if (paper.organization) item.author = [{ literal: paper.organization }];
  const parts = dateParts(paper, extras);
  if (parts) item.issued = { 'date-parts': [parts] };
  if (extras?.containerTitle) item['container-title'] = extras.containerTitle;
  if (extras?.volume) item.volume = extras.volume;
  if (extras?.issue) item.issue = extras.issue;
  if (extras?.pages) item.page = extras.pages;
  if (extras?.publisher) item.publisher = extras.publisher;
  if (extras?.doi) item.DOI = extras.doi;
  if (extras?.url) item.URL = extras.url;
  if (paper.abstract) item.abstract = paper.abstract;
  return item;
}

/** Papers as a pretty-printed CSL-JSON array, in the given order. */
export function toCslJson(papers: Paper[], extras?: Map<string, BibliographicExtras>): string {
  return `${JSON.stringify(papers.map((p) => toCslItem(p, extras?.get(p.id))), null, 2)}\n`;
}

const bibtexTypes: Record<string, { type: string; container?: string; publisher?: string }> = {
  'article-journal': { type: 'article', container: 'journal' },
  'article-magazine': { type: 'article', container: 'journal' },
  'article-newspaper': { type: 'article', container: 'journal' },
  review: { type: 'article', container: 'journal' },
  'paper-conference': { type: 'inproceedings', container: 'booktitle', publisher: 'publisher' },
  chapter: { type: 'incollection', container: 'booktitle', publisher: 'publisher' },
  book: { type: 'book', publisher: 'publisher' },
  thesis: { type: 'phdthesis', publisher: 'school' },
  report: { type: 'techreport', publisher: 'institution' },
};

function bibtexType(extras?: BibliographicExtras): { type: string; container: string; publisher: string } {
  const mapped = extras?.type ? bibtexTypes[extras.type] : extras?.containerTitle ? bibtexTypes['article-journal'] : undefined;
  return { type: mapped?.type ?? 'misc', container: mapped?.container ?? 'howpublished', publisher: mapped?.publisher ?? 'publisher' };
}

const monthMacros = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Braces keep acronyms and CamelCase ("SGD", "PerturbDiff", "Kullback-Leibler") from a style's lowercasing. */
function protectCapitals(word: string): boolean {
  const letters = word.replace(/[^\p{L}\p{N}]/gu, '');
  if (/^\p{Lu}$/u.test(letters)) return letters !== 'A';
  return /^.+\p{Lu}/u.test(letters) || (/\p{N}/u.test(letters) && /\p{Lu}/u.test(letters));
}

function latexTitle(title: string): { latex: string; usesMathbb: boolean } {
  let usesMathbb = false;
  const words = title.trim().split(/\s+/).map((word) => {
    const converted = toLatex(word);
    usesMathbb ||= converted.usesMathbb;
    return protectCapitals(word) ? `{${converted.latex}}` : converted.latex;
  });
  return { latex: words.join(' '), usesMathbb };
}

/** A name as BibTeX reads it: "First von Last"; anything BibTeX would split wrongly is braced whole. */
function bibtexName(display: string): string {
  const { latex } = toLatex(display);
  return /,|\band\b/i.test(display) ? `{${latex}}` : latex;
}

/** URLs and DOIs are verbatim in biber and `\url`; only what would break the .bib is percent-encoded. */
function verbatim(value: string): string {
  return value.trim().replace(/[\s{}\\"]|[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

interface BibtexEntry {
  text: string;
  usesMathbb: boolean;
}

function buildBibtexEntry(paper: Paper, extras?: BibliographicExtras, key = paper.citationKey): BibtexEntry {
  const { type, container, publisher } = bibtexType(extras);
  const fields: Array<[string, string]> = [];
  let usesMathbb = false;
  const text = (value: string): string => {
    const converted = toLatex(value);
    usesMathbb ||= converted.usesMathbb;
    return `{${converted.latex}}`;
  };
  if (paper.authors.length > 0) {
    const names = paper.authors.map(bibtexName);
    if (paper.authorsTruncated) names.push('others');
    fields.push(['author', `{${names.join(' and ')}}`]);
  } else if (paper.organization) {
    fields.push(['author', `{${text(paper.organization)}}`]);
  }
  const title = latexTitle(paper.title);
  usesMathbb ||= title.usesMathbb;
  fields.push(['title', `{${title.latex}}`]);
  // Without an author, BibTeX styles sort and label by `key`; the title is what APA falls back to as well.
  if (!fields.some(([name]) => name === 'author')) fields.push(['key', `{${title.latex}}`]);
  if (extras?.containerTitle) fields.push([container, text(extras.containerTitle)]);
  const parts = dateParts(paper, extras);
  if (parts) {
    fields.push(['year', `{${parts[0]}}`]);
    if (parts[1]) fields.push(['month', monthMacros[parts[1] - 1] ?? `{${parts[1]}}`]);
    // BibTeX has no day; biblatex and pandoc read it from `date`, and classic styles ignore the field.
    if (parts[2]) fields.push(['date', `{${paper.date}}`]);
  }
  if (extras?.volume) fields.push(['volume', text(extras.volume)]);
  if (extras?.issue) fields.push(['number', text(extras.issue)]);
  if (extras?.pages) fields.push(['pages', text(extras.pages.replace(/\s*[-–—]+\s*/g, '--'))]);
  if (extras?.publisher) fields.push([publisher, text(extras.publisher)]);
  if (extras?.doi) fields.push(['doi', `{${verbatim(extras.doi)}}`]);
  if (extras?.url) fields.push(['url', `{${verbatim(extras.url)}}`]);
  if (paper.abstract) fields.push(['abstract', text(paper.abstract)]);
  const body = fields.map(([name, value]) => `  ${name} = ${value},`).join('\n');
  return { text: `@${type}{${key},\n${body}\n}\n`, usesMathbb };
}

/** One paper as a BibTeX entry keyed by `key` (its citation key unless given), ASCII-only so classic BibTeX + pdflatex accept it. */
export function toBibtexEntry(paper: Paper, extras?: BibliographicExtras, key?: string): string {
  return buildBibtexEntry(paper, extras, key).text;
}

/** Papers as a .bib file, in the given order; a `@preamble` supplies `\mathbb` when a title needs it. */
export function toBibtex(papers: Paper[], extras?: Map<string, BibliographicExtras>): string {
  const entries = papers.map((paper) => buildBibtexEntry(paper, extras?.get(paper.id)));
  const preamble = entries.some((e) => e.usesMathbb) ? `@preamble{ "${mathbbFallback}" }\n\n` : '';
  return preamble + entries.map((e) => e.text).join('\n');
}

const builtInStyles = ['apa', 'vancouver', 'harvard1'];
/** Citation.js caches a citeproc engine per style name, so each registration gets a fresh internal name. */
const registeredStyles = new Map<string, string>();
let registrations = 0;

export type StyleRegistration = { registered: true } | { registered: false; reason: string };

function referencesIn(style: string, items: CslItem[]): string[] {
  try {
    const entries = citationJsWithCsl().output.format('bibliography', items, { template: style, format: 'text', asEntryArray: true }) as Array<[string, string]>;
    return entries.map(([, text]) => text.trim());
  } finally {
    forgetCitationJsLog();
  }
}

/** Makes a CSL style (XML) available to {@link formatReferences} under `name`; built-in names cannot be replaced. */
export function registerCslStyle(name: string, xml: string): StyleRegistration {
  if (builtInStyles.includes(name)) return { registered: false, reason: `"${name}" is a built-in style and cannot be replaced.` };
  if (!/<style\b[^>]*xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl"/.test(xml)) {
    return { registered: false, reason: 'Not a CSL style: no <style xmlns="http://purl.org/net/xbiblio/csl"> element.' };
  }
  const internalName = `paper-shelf-style-${++registrations}`;
  const styles = citationJsWithCsl().config.get('@csl').styles;
  styles.add(internalName, xml);
  try {
    referencesIn(internalName, [{ id: 'probe', type: 'article-journal', title: 'Probe', author: [{ family: 'Probe', given: 'A.' }], issued: { 'date-parts': [[2020]] } }]);
  } catch (error) {
    styles.remove(internalName);
    return { registered: false, reason: `The CSL style does not work: ${error instanceof Error ? error.message : String(error)}` };
  }
  registeredStyles.set(name, internalName);
  return { registered: true };
}

/** Names formatReferences accepts: the bundled styles and every registered one. */
export function cslStyleNames(): string[] {
  return [...builtInStyles, ...registeredStyles.keys()];
}

/**
 * Plain-text references in the style's bibliography order (APA sorts by author; Vancouver keeps the given order).
 * Throws for a style name that is neither bundled nor registered.
 */
export function formatReferences(papers: Paper[], style = 'apa', extras?: Map<string, BibliographicExtras>): string[] {
  const internalName = builtInStyles.includes(style) ? style : registeredStyles.get(style);
  if (!internalName) throw new Error(`Unknown citation style "${style}"; known: ${cslStyleNames().join(', ')}.`);
  if (papers.length === 0) return [];
  return referencesIn(internalName, papers.map((p) => toCslItem(p, extras?.get(p.id))));
}
