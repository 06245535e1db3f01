// The messages between the abstract panel's host (src/features/abstractPanel.ts) and its page
// (src/webview/abstract.ts). Both sides import this file; it uses neither `vscode` nor the DOM.

/** One place a paper was read from, ready to show. */
export interface SourceView {
  /** `000_dcb950095772cd83.txt:3` */
  label: string;
  /** `Flatiron Institute publications` */
  format: string;
  /** The full path, for a tooltip. */
  file: string;
}

/** Everything the page shows about a paper, already formatted; every string is untrusted corpus text. */
export interface PaperView {
  id: string;
  citationKey: string;
  title: string;
  /** The author line: names (`et al.` when cut), `N authors`, the organization, or empty. */
  authors: string;
  /** Shown on its own line when the author line does not already name it. */
  organization: string | null;
  /** `Feb 5, 2026`, `Feb 2026` or `Undated`. */
  date: string;
  /** ISO date for `<time datetime>`, or null. */
  isoDate: string | null;
  upvotes: number | null;
  topic: string | null;
  sources: SourceView[];
  abstract: string;
}

export type HostMessage =
  | { type: 'show'; paper: PaperView }
  /** The paper shown was removed from the corpus (or its id no longer resolves). */
  | { type: 'gone'; paperId: string; title: string | null };

export const PANEL_COMMANDS = ['insertCitation', 'copyBibtex', 'openNotes', 'revealInTree'] as const;
export type PanelCommand = (typeof PANEL_COMMANDS)[number];

export type PageMessage = { type: 'ready' } | { type: 'command'; command: PanelCommand; paperId: string };

/** What the page keeps with `setState`, so a reload (or a restored window) shows the same paper. */
export interface PageState {
  paperId: string;
}

const MAX_ID_LENGTH = 512;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPaperId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

/** A message from the page, or undefined when it is not one we know in exactly this shape. */
export function parsePageMessage(raw: unknown): PageMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type === 'ready') return { type: 'ready' };
  if (raw.type === 'command' && typeof raw.command === 'string' && (PANEL_COMMANDS as readonly string[]).includes(raw.command) && isPaperId(raw.paperId)) {
    return { type: 'command', command: raw.command as PanelCommand, paperId: raw.paperId };
  }
  return undefined;
}

/** The paper id saved with the page's state (from a restored panel), if any. */
export function parsePageState(raw: unknown): PageState | undefined {
  return isRecord(raw) && isPaperId(raw.paperId) ? { paperId: raw.paperId } : undefined;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isSourceView(value: unknown): value is SourceView {
  return isRecord(value) && isString(value.label) && isString(value.format) && isString(value.file);
}

function isPaperView(value: unknown): value is PaperView {
  return (
    isRecord(value) &&
    isPaperId(value.id) &&
    isString(value.citationKey) &&
    isString(value.title) &&
    isString(value.authors) &&
    isNullableString(value.organization) &&
    isString(value.date) &&
    isNullableString(value.isoDate) &&
    (value.upvotes === null || (typeof value.upvotes === 'number' && Number.isFinite(value.upvotes))) &&
    isNullableString(value.topic) &&
    Array.isArray(value.sources) &&
    value.sources.every(isSourceView) &&
    isString(value.abstract)
  );
}

/** A message from the host, or undefined when it is malformed. */
export function parseHostMessage(raw: unknown): HostMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type === 'show' && isPaperView(raw.paper)) return { type: 'show', paper: raw.paper };
  if (raw.type === 'gone' && isPaperId(raw.paperId) && isNullableString(raw.title)) return { type: 'gone', paperId: raw.paperId, title: raw.title };
  return undefined;
}
