import type * as vscode from 'vscode';
import type { BibliographicExtras, Diagnostic, Paper } from '../core/types';

/** A topic as the views show it. */
export interface ShelfTopic {
  id: string;
  label: string;
  kind: 'auto' | 'user' | 'other' | 'pinned';
}

export interface ShelfSearchHit {
  paper: Paper;
  score: number;
  /** The matching part of the abstract, for a quick pick's detail line. */
  snippet?: string;
}

export type ShelfState = 'loading' | 'empty' | 'ready';

/**
 * The loaded corpus as every feature sees it: papers, topics, search. Features never read files
 * themselves; they ask the shelf and listen to `onDidChange`.
 */
export interface Shelf {
  readonly onDidChange: vscode.Event<void>;
  readonly state: ShelfState;
  readonly log: vscode.LogOutputChannel;
  /** Resolves when the first load has finished (at once when it already has). */
  ready(): Promise<void>;
  papers(): readonly Paper[];
  paper(id: string): Paper | undefined;
  paperByKey(citationKey: string): Paper | undefined;
  extras(id: string): BibliographicExtras | undefined;
  topics(): readonly ShelfTopic[];
  topicOf(paperId: string): ShelfTopic | undefined;
  search(query: string, limit?: number): ShelfSearchHit[];
  /** Ids of every paper matching a query (tree filter). */
  filter(query: string): Set<string>;
  diagnostics(): readonly Diagnostic[];
  reload(): Promise<void>;
}

/** What a command receives: a paper id, a webview message or tree node carrying one, or nothing. */
export type PaperRef = string | { paperId: string } | { paper: { id: string } } | undefined;

export function paperIdOf(ref: unknown): string | undefined {
  if (typeof ref === 'string') return ref;
  if (!ref || typeof ref !== 'object') return undefined;
  const candidate = ref as { paperId?: unknown; paper?: { id?: unknown } };
  if (typeof candidate.paperId === 'string') return candidate.paperId;
  if (candidate.paper && typeof candidate.paper === 'object' && typeof candidate.paper.id === 'string') return candidate.paper.id;
  return undefined;
}

/** The papers a command acts on: VS Code passes (clicked node, all selected nodes) from a multi-select tree. */
export function paperIdsOf(ref: unknown, selection?: unknown): string[] {
  const many = Array.isArray(selection) ? selection.map(paperIdOf).filter((id): id is string => !!id) : [];
  if (many.length > 0) return [...new Set(many)];
  if (Array.isArray(ref)) return [...new Set(ref.map(paperIdOf).filter((id): id is string => !!id))];
  const one = paperIdOf(ref);
  return one ? [one] : [];
}
