import { describeAuthors } from './format';
import type { Paper } from './types';

/** The values a note template's `{{placeholders}}` stand for; every one a plain string. */
export interface NoteTemplateValues {
  title: string;
  /** Every name the page gave, `et al.` when cut short; `N authors` or the organization without names. */
  authors: string;
  /** ISO `YYYY-MM-DD`, or empty when undated. */
  date: string;
  citationKey: string;
  /** The topic's label, or empty. */
  topic: string;
  abstract: string;
}

export const NOTE_PLACEHOLDERS: readonly (keyof NoteTemplateValues)[] = ['title', 'authors', 'date', 'citationKey', 'topic', 'abstract'];

export const DEFAULT_NOTES_FOLDER = 'notes';

export function noteTemplateValues(paper: Paper, topicLabel: string | undefined): NoteTemplateValues {
  return {
    title: singleLine(paper.title),
    authors: singleLine(describeAuthors(paper, 'full')),
    date: paper.date ?? '',
    citationKey: paper.citationKey,
    topic: singleLine(topicLabel ?? ''),
    abstract: paper.abstract.trim(),
  };
}

function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Fills `{{name}}` (spaces inside the braces allowed) in one pass, so a value that itself
 * contains `{{title}}` stays literal. Unknown placeholders are left as they are.
 */
export function renderNoteTemplate(template: string, values: NoteTemplateValues): string {
  return template.replace(/\{\{\s*([A-Za-z]+)\s*\}\}/g, (whole, name: string) =>
    (NOTE_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as keyof NoteTemplateValues] : whole,
  );
}

/**
 * A YAML double-quoted scalar that reads back as exactly `value`, whatever it holds:
 * quotes, backslashes, `: #`, leading `-`/`*`/`&`, line breaks, control characters.
 */
export function yamlQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    // Line and paragraph separators and the BOM break lines or vanish in some readers.
    else if (code === 0x85 || code === 0x2028 || code === 0x2029 || code === 0xfeff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return out + '"';
}

/** Markdown block quote of a text, blank lines kept as `>` so paragraphs stay in one quote. */
export function markdownQuote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => (line.trim().length > 0 ? `> ${line.trimEnd()}` : '>'))
    .join('\n');
}

/** The note written when the template setting is empty: YAML front matter, heading, quoted abstract, `## Notes`. */
export function defaultNote(paper: Paper, topicLabel: string | undefined): string {
  const values = noteTemplateValues(paper, topicLabel);
  const authors = paper.authors.map((name) => name.trim()).filter((name) => name.length > 0);
  const lines = ['---', `title: ${yamlQuote(values.title)}`];
  if (authors.length > 0) {
    lines.push('authors:', ...authors.map((name) => `  - ${yamlQuote(name)}`));
  } else {
    lines.push('authors: []');
  }
  if (paper.organization) lines.push(`organization: ${yamlQuote(singleLine(paper.organization))}`);
  // A valid ISO date stays unquoted so YAML readers type it as a date.
  lines.push(`date: ${/^\d{4}-\d{2}-\d{2}$/.test(values.date) ? values.date : 'null'}`);
  lines.push(`citekey: ${yamlQuote(values.citationKey)}`);
  lines.push(`topic: ${values.topic ? yamlQuote(values.topic) : 'null'}`);
  lines.push('---', '', `# ${values.title}`, '');
  if (values.authors) lines.push(values.authors, '');
  if (values.abstract) lines.push(markdownQuote(values.abstract), '');
  lines.push('## Notes', '', '');
  return lines.join('\n');
}

/** A new note's text: the user's template when set, else the default note. */
export function noteContent(template: string | undefined, paper: Paper, topicLabel: string | undefined): string {
  if (!template || template.trim().length === 0) return defaultNote(paper, topicLabel);
  return renderNoteTemplate(template, noteTemplateValues(paper, topicLabel));
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/**
 * The note's file name for a citation key, safe on every file system: characters that paths,
 * Windows or shells treat specially become `_`; `pfx:doi/1` → `pfx_doi_1.md`.
 */
export function noteFileName(citationKey: string): string {
  let stem = citationKey
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (stem.length === 0) stem = 'note';
  if (WINDOWS_RESERVED.test(stem)) stem = `${stem}_`;
  return `${stem.slice(0, 200)}.md`;
}

export interface NotesFolder {
  /** Path segments below the workspace root. */
  segments: string[];
  /** Why the setting was not used as given, for the user. */
  problem?: string;
}

/**
 * The notes folder setting as segments below the workspace root. An absolute path or one
 * leaving the root (`../x`) falls back to `notes` with a problem to report.
 */
export function notesFolderSegments(setting: string | undefined): NotesFolder {
  const text = (setting ?? '').trim();
  if (text.length === 0) return { segments: [DEFAULT_NOTES_FOLDER] };
  if (/^([\\/]|[A-Za-z]:)/.test(text)) {
    return { segments: [DEFAULT_NOTES_FOLDER], problem: `The notes folder "${text}" is not relative to the workspace root; using "${DEFAULT_NOTES_FOLDER}".` };
  }
  const segments = text.split(/[\\/]+/).filter((segment) => segment.length > 0 && segment !== '.');
  if (segments.includes('..')) {
    return { segments: [DEFAULT_NOTES_FOLDER], problem: `The notes folder "${text}" leaves the workspace root; using "${DEFAULT_NOTES_FOLDER}".` };
  }
  return { segments: segments.length > 0 ? segments : [DEFAULT_NOTES_FOLDER] };
}
