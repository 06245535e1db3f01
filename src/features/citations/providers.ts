import * as vscode from 'vscode';
import {
  CITING_FILE_EXTENSIONS,
  CITING_LANGUAGE_IDS,
  citationKeyAt,
  citationSyntaxFor,
  combineInsertions,
  completionContext,
  hoverFacts,
  planBibliographyAdditions,
  planCitationInsertion,
  type KeyedSyntax,
} from '../../core/citations';
import { describeAuthors, formatDisplayDate } from '../../core/format';
import { normalizeTitle } from '../../core/normalize';
import type { Paper } from '../../core/types';
import type { Shelf } from '../shelf';
import { PAPER_DRAG_MIME } from '../tree';
import { bibEntriesOf, bibliographyUris, describeSync, resolveBibliography, syncBibliography } from './bibliography';
import { formattedReferences } from './insert';
import { readCitationSettings } from './settings';

/** Internal command a completion item runs after it is accepted: adds the paper's entry to the .bib. */
export const ADD_TO_BIBLIOGRAPHY_COMMAND = 'paperShelf._addToBibliography';

const COMPLETION_LIMIT = 50;
const TITLE_IN_LABEL_CHARS = 60;

/** Every document that cites by key: by language, and by file name for languages no installed extension knows. */
export const CITING_SELECTOR: vscode.DocumentSelector = [
  ...CITING_LANGUAGE_IDS.map((language) => ({ language })),
  { pattern: `**/*.{${CITING_FILE_EXTENSIONS.join(',')},${CITING_FILE_EXTENSIONS.map((e) => e.toUpperCase()).join(',')},Rmd,Rnw}` },
];

function keyedSyntaxOf(document: vscode.TextDocument): KeyedSyntax | undefined {
  const syntax = citationSyntaxFor(document.languageId, document.fileName);
  return syntax === 'formatted' ? undefined : syntax;
}

/** Papers by normalised title, rebuilt when the corpus changes, to find a paper a .bib cites under its own key. */
export class TitleIndex implements vscode.Disposable {
  private byTitle: Map<string, Paper> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly shelf: Shelf) {
    this.subscription = shelf.onDidChange(() => (this.byTitle = undefined));
  }

  get(title: string): Paper | undefined {
    this.byTitle ??= new Map(this.shelf.papers().map((paper) => [normalizeTitle(paper.title), paper]));
    return this.byTitle.get(normalizeTitle(title));
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

/** The candidates for a typed prefix: papers whose key starts with it first, then the search's ranking. */
function completionCandidates(shelf: Shelf, prefix: string): Paper[] {
  const lower = prefix.toLowerCase();
  const seen = new Set<string>();
  const result: Paper[] = [];
  const add = (paper: Paper): void => {
    if (seen.has(paper.id) || result.length >= COMPLETION_LIMIT) return;
    seen.add(paper.id);
    result.push(paper);
  };
  if (lower) {
    for (const paper of shelf.papers()) if (paper.citationKey.toLowerCase().startsWith(lower)) add(paper);
    for (const hit of shelf.search(prefix, COMPLETION_LIMIT)) add(hit.paper);
  } else {
    // Nothing typed yet: the newest papers are the likeliest to be cited while writing about them.
    const newest = [...shelf.papers()].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    for (const paper of newest) add(paper);
  }
  return result;
}

function shortTitle(title: string): string {
  return title.length > TITLE_IN_LABEL_CHARS ? `${title.slice(0, TITLE_IN_LABEL_CHARS - 1).trimEnd()}…` : title;
}

class CitationCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly shelf: Shelf) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionList | undefined> {
    const syntax = keyedSyntaxOf(document);
    if (!syntax) return undefined;
    const offset = document.offsetAt(position);
    const before = document.getText(new vscode.Range(document.positionAt(Math.max(0, offset - 2000)), position));
    const context = completionContext(syntax, before);
    if (!context) return undefined;
    await this.shelf.ready();
    const siblings = new Set(context.siblingKeys);
    const candidates = completionCandidates(this.shelf, context.prefix);
    const keys = await this.keysInBibliography(document, syntax, candidates);
    const start = document.positionAt(offset - context.prefix.length);
    const line = document.lineAt(position.line).text;
    let end = position.character;
    while (end < line.length && /[\p{L}\p{N}_:.\-]/u.test(line[end])) end++;
    const range = { inserting: new vscode.Range(start, position), replacing: new vscode.Range(start, position.with({ character: end })) };
    const items = candidates
      .filter((paper) => !siblings.has(keys.get(paper.id) ?? paper.citationKey))
      .map((paper, rank) => {
        const key = keys.get(paper.id) ?? paper.citationKey;
        const item = new vscode.CompletionItem(
          { label: key, detail: `  ${shortTitle(paper.title)}`, description: `${describeAuthors(paper, 'short')} · ${formatDisplayDate(paper.date)}` },
          vscode.CompletionItemKind.Reference,
        );
        item.insertText = key;
        item.range = range;
        item.detail = paper.title;
        item.documentation = hoverMarkdown(paper, false);
        // The shelf's ranking already decided; VS Code's own filter must not drop abstract or author matches.
        item.filterText = `${context.prefix} ${key} ${paper.title}`;
        item.sortText = String(rank).padStart(4, '0');
        item.command = { command: ADD_TO_BIBLIOGRAPHY_COMMAND, title: 'Add to bibliography', arguments: [document.uri, paper.id] };
        return item;
      });
    return new vscode.CompletionList(items, true);
  }

  /** The key each candidate has (or will get) in the document's .bib, so the inserted key matches it. */
  private async keysInBibliography(document: vscode.TextDocument, syntax: KeyedSyntax, papers: Paper[]): Promise<Map<string, string>> {
    const resolution = resolveBibliography(document, syntax);
    if ('problem' in resolution) return new Map();
    const bib = await bibEntriesOf(resolution.target.uri);
    if (!bib) return new Map();
    return planBibliographyAdditions(bib.text, papers, () => '', bib.entries).keyOfPaper;
  }
}

/** A hover or completion documentation: title first, then authors, date, the abstract's opening and, in hovers, command links. */
export function hoverMarkdown(paper: Paper, withCommands: boolean): vscode.MarkdownString {
  const facts = hoverFacts(paper);
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(facts.title).appendMarkdown('**\n\n');
  if (facts.authors) md.appendText(facts.authors).appendMarkdown('\n\n');
  md.appendText(facts.date).appendMarkdown('\n\n');
  if (facts.abstractOpening) md.appendText(facts.abstractOpening).appendMarkdown('\n\n');
  if (withCommands) {
    const args = encodeURIComponent(JSON.stringify([paper.id]));
    md.appendMarkdown(`[Open Abstract](command:paperShelf.openAbstract?${args} "Show the abstract beside the editor") · `);
    md.appendMarkdown(`[Open Notes](command:paperShelf.openNotes?${args} "Open your note on this paper")`);
    md.isTrusted = { enabledCommands: ['paperShelf.openAbstract', 'paperShelf.openNotes'] };
  }
  return md;
}

/** The paper and .bib entry a key in a document stands for: the document's .bib first, then the shelf's keys. */
async function lookUpKey(shelf: Shelf, titles: TitleIndex, document: vscode.TextDocument, syntax: KeyedSyntax, key: string) {
  for (const uri of bibliographyUris(document, syntax)) {
    const bib = await bibEntriesOf(uri);
    const entry = bib?.entries.find((e) => e.key === key);
    if (entry) return { paper: entry.title ? titles.get(entry.title) : undefined, entry, uri };
  }
  return { paper: shelf.paperByKey(key), entry: undefined, uri: undefined };
}

class CitationHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly shelf: Shelf,
    private readonly titles: TitleIndex,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const syntax = keyedSyntaxOf(document);
    if (!syntax) return undefined;
    const found = citationKeyAt(syntax, document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const range = new vscode.Range(document.positionAt(found.start), document.positionAt(found.end));
    const { paper, entry, uri } = await lookUpKey(this.shelf, this.titles, document, syntax, found.key);
    if (paper) return new vscode.Hover(hoverMarkdown(paper, true), range);
    const md = new vscode.MarkdownString();
    if (entry && uri) {
      md.appendMarkdown('**').appendText(entry.title ?? found.key).appendMarkdown('**\n\n');
      md.appendText(`In ${vscode.workspace.asRelativePath(uri, false)}, line ${entry.line}; not in the shelf.`);
    } else {
      md.appendText(`No paper or .bib entry has the key ${found.key}.`);
    }
    return new vscode.Hover(md, range);
  }
}

class CitationDefinitionProvider implements vscode.DefinitionProvider {
  constructor(
    private readonly shelf: Shelf,
    private readonly titles: TitleIndex,
  ) {}

  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const syntax = keyedSyntaxOf(document);
    if (!syntax) return undefined;
    const found = citationKeyAt(syntax, document.getText(), document.offsetAt(position));
    if (!found) return undefined;
    const { entry, uri } = await lookUpKey(this.shelf, this.titles, document, syntax, found.key);
    if (!entry || !uri) return undefined;
    return new vscode.Location(uri, new vscode.Position(entry.line - 1, 0));
  }
}

const DROP_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('paperShelf', 'citation');

class PaperDropProvider implements vscode.DocumentDropEditProvider {
  constructor(private readonly shelf: Shelf) {}

  async provideDocumentDropEdits(document: vscode.TextDocument, position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<vscode.DocumentDropEdit | undefined> {
    const raw = await dataTransfer.get(PAPER_DRAG_MIME)?.asString();
    if (!raw || token.isCancellationRequested) return undefined;
    let ids: unknown;
    try {
      ids = JSON.parse(raw);
    } catch {
      return undefined;
    }
    if (!Array.isArray(ids)) return undefined;
    await this.shelf.ready();
    const papers = ids.map((id) => (typeof id === 'string' ? this.shelf.paper(id) : undefined)).filter((p): p is Paper => !!p);
    if (papers.length === 0) return undefined;
    const settings = readCitationSettings(document.uri);
    const syntax = citationSyntaxFor(document.languageId, document.fileName);
    if (syntax === 'formatted') {
      const edit = new vscode.DocumentDropEdit(formattedReferences(this.shelf, papers, settings.cslStyle).references.join('\n'), 'Insert formatted reference', DROP_KIND);
      return edit;
    }
    const sync = await syncBibliography(this.shelf, document, syntax, papers);
    const message = describeSync(sync);
    if (message) void (sync.problem ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
    const keys = papers.map((paper) => sync.keyOfPaper.get(paper.id) ?? paper.citationKey);
    const text = document.getText();
    const offset = document.offsetAt(position);
    const selection = { start: offset, end: offset };
    const plan = planCitationInsertion(syntax, text, selection, keys, { latexCommand: settings.latexCommand });
    const title = papers.length === 1 ? 'Insert citation' : `Insert citation of ${papers.length} papers`;
    const [only] = plan.edits;
    if (plan.edits.length === 1 && only.start === offset && only.end === offset) return new vscode.DocumentDropEdit(only.text, title, DROP_KIND);
    const combined = combineInsertions(text, [plan], [selection]);
    const edit = new vscode.DocumentDropEdit('', title, DROP_KIND);
    edit.additionalEdit = new vscode.WorkspaceEdit();
    for (const change of combined.edits) {
      edit.additionalEdit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
    }
    return edit;
  }
}

/** Registers completion, hover, go-to-definition and tree drops for documents that cite by key. */
export function registerCitationProviders(context: vscode.ExtensionContext, shelf: Shelf): void {
  const titles = new TitleIndex(shelf);
  context.subscriptions.push(
    titles,
    vscode.languages.registerCompletionItemProvider(CITING_SELECTOR, new CitationCompletionProvider(shelf), '{', ',', '@'),
    vscode.languages.registerHoverProvider(CITING_SELECTOR, new CitationHoverProvider(shelf, titles)),
    vscode.languages.registerDefinitionProvider(CITING_SELECTOR, new CitationDefinitionProvider(shelf, titles)),
    vscode.languages.registerDocumentDropEditProvider([...(CITING_SELECTOR as vscode.DocumentFilter[]), { language: 'plaintext' }], new PaperDropProvider(shelf), {
      dropMimeTypes: [PAPER_DRAG_MIME],
      providedDropEditKinds: [DROP_KIND],
    }),
    vscode.commands.registerCommand(ADD_TO_BIBLIOGRAPHY_COMMAND, async (uri: vscode.Uri, paperId: string) => {
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const paper = shelf.paper(paperId);
      const syntax = document && keyedSyntaxOf(document);
      if (!document || !paper || !syntax) return undefined;
      const sync = await syncBibliography(shelf, document, syntax, [paper]);
      const message = describeSync(sync);
      if (message) void (sync.problem ? vscode.window.showWarningMessage(message) : vscode.window.showInformationMessage(message));
      const { keyOfPaper: _keys, ...result } = sync;
      return result;
    }),
  );
}
