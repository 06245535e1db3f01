// The abstract panel's page. Corpus text is untrusted: it is only ever set with textContent.
import { PANEL_COMMANDS, parseHostMessage, parsePageState, type HostMessage, type PageMessage, type PanelCommand, type PaperView } from './protocol';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** `paperId` lets the host restore the panel after a reload; `shown` and `scrollY` let the page redraw at once, where it was. */
interface SavedState {
  paperId: string;
  shown: HostMessage;
  scrollY?: number;
}

const vscode = acquireVsCodeApi();
let shownPaperId: string | undefined;
let savedState: SavedState | undefined;

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`abstract page: #${id} is missing`);
  return found as T;
}

const main = element<HTMLElement>('paper');
const status = element<HTMLElement>('status');
const title = element<HTMLHeadingElement>('paper-title');
const authors = element<HTMLParagraphElement>('paper-authors');
const organization = element<HTMLParagraphElement>('paper-organization');
const gone = element<HTMLParagraphElement>('paper-gone');
const facts = element<HTMLDListElement>('paper-facts');
const actions = element<HTMLDivElement>('paper-actions');
const abstractSection = element<HTMLElement>('paper-abstract-section');
const abstractBody = element<HTMLDivElement>('paper-abstract');
const sourcesSection = element<HTMLElement>('paper-sources-section');
const sources = element<HTMLUListElement>('paper-sources');
const buttons = Array.from(actions.querySelectorAll<HTMLButtonElement>('button[data-command]'));

function setText(target: HTMLElement, text: string | null): void {
  target.textContent = text ?? '';
  target.hidden = !text;
}

function addFact(term: string, value: string | Node): void {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  if (typeof value === 'string') dd.textContent = value;
  else dd.append(value);
  facts.append(dt, dd);
}

function renderFacts(paper: PaperView): void {
  facts.replaceChildren();
  const date = document.createElement('time');
  date.textContent = paper.date;
  if (paper.isoDate) date.dateTime = paper.isoDate;
  addFact('Date', date);
  if (paper.upvotes !== null) addFact('Upvotes', paper.upvotes === 1 ? '1 upvote' : `${paper.upvotes.toLocaleString('en-US')} upvotes`);
  addFact('Topic', paper.topic ?? 'None');
  const key = document.createElement('code');
  key.textContent = paper.citationKey;
  addFact('Citation key', key);
  facts.hidden = false;
}

function renderAbstract(text: string): void {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  abstractBody.replaceChildren(
    ...(paragraphs.length > 0 ? paragraphs : ['No abstract on the page.']).map((paragraph) => {
      const p = document.createElement('p');
      p.textContent = paragraph;
      if (paragraphs.length === 0) p.className = 'muted';
      return p;
    }),
  );
  abstractSection.hidden = false;
}

function renderSources(paper: PaperView): void {
  sources.replaceChildren(
    ...paper.sources.map((source) => {
      const item = document.createElement('li');
      const label = document.createElement('code');
      label.textContent = source.label;
      label.title = source.file;
      const format = document.createElement('span');
      format.className = 'muted';
      format.textContent = ` — ${source.format}`;
      item.append(label, format);
      return item;
    }),
  );
  sourcesSection.hidden = paper.sources.length === 0;
}

function showPaper(paper: PaperView): void {
  shownPaperId = paper.id;
  title.textContent = paper.title;
  setText(authors, paper.authors || null);
  setText(organization, paper.organization);
  gone.hidden = true;
  renderFacts(paper);
  renderAbstract(paper.abstract);
  renderSources(paper);
  actions.hidden = false;
  for (const button of buttons) button.disabled = false;
}

function showGone(paperTitle: string | null): void {
  shownPaperId = undefined;
  title.textContent = 'This paper is no longer in the corpus';
  setText(authors, null);
  setText(organization, null);
  setText(
    gone,
    paperTitle
      ? `It was “${paperTitle}”. Its entry was edited into another paper or its file was removed. Choose a paper in the Papers view.`
      : 'Choose a paper in the Papers view.',
  );
  facts.hidden = true;
  actions.hidden = true;
  for (const button of buttons) button.disabled = true;
  abstractSection.hidden = true;
  sourcesSection.hidden = true;
}

function render(message: HostMessage, announce: boolean): void {
  const before = shownPaperId;
  if (message.type === 'show') showPaper(message.paper);
  else showGone(message.title);
  main.setAttribute('aria-busy', 'false');
  const paperId = message.type === 'show' ? message.paper.id : message.paperId;
  if (announce && paperId !== savedState?.paperId) window.scrollTo(0, 0);
  saveState({ paperId, shown: message, scrollY: window.scrollY });
  // Announce a new paper or its disappearance, not every refresh of the same one.
  if (announce && (message.type === 'gone' || before !== message.paper.id)) {
    status.textContent = message.type === 'show' ? `Showing ${message.paper.title}` : 'This paper is no longer in the corpus';
  }
}

function saveState(state: SavedState): void {
  savedState = state;
  vscode.setState(state);
}

function isPanelCommand(value: string | undefined): value is PanelCommand {
  return (PANEL_COMMANDS as readonly (string | undefined)[]).includes(value);
}

actions.addEventListener('click', (event) => {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button[data-command]');
  const command = button?.dataset.command;
  if (!button || button.disabled || !shownPaperId || !isPanelCommand(command)) return;
  vscode.postMessage({ type: 'command', command, paperId: shownPaperId });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) render(message, true);
});

// The page is rebuilt each time the panel is shown again; the scroll position is part of what it restores.
let scrollSave: number | undefined;
window.addEventListener('scroll', () => {
  if (scrollSave !== undefined) return;
  scrollSave = window.setTimeout(() => {
    scrollSave = undefined;
    if (savedState) saveState({ ...savedState, scrollY: window.scrollY });
  }, 200);
});

const saved = vscode.getState() as Partial<SavedState> | undefined;
const savedMessage = parsePageState(saved) ? parseHostMessage(saved?.shown) : undefined;
if (savedMessage) {
  render(savedMessage, false);
  if (typeof saved?.scrollY === 'number') window.scrollTo(0, saved.scrollY);
}
vscode.postMessage({ type: 'ready' });
