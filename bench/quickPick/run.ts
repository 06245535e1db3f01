/**
 * `npm run bench:quickpick`: in the real workbench (code-server + headless Chromium), times the last keystroke
 * of each benchmark query to the re-rendered rows of (1) VS Code's own quick-pick filtering over all papers, as a
 * naive extension gets it (bench/quickPick/extension), (2) an extension that answers each keystroke with 50 fixed
 * rows (the round trip to the extension host alone) and (3) Paper Shelf's Search Papers quick pick, plus the
 * time each takes to open. Writes bench/results/quickpick-<papers>.json.
 *
 * Options: --papers N (bench/corpus/N, default 10000), --reps N (timed keystrokes per query, default 3),
 * --queries N (only the first N of SEARCH_QUERIES), --pickers naive,roundtrip,shelf, --out FILE, --vsix FILE (Paper Shelf
 * package to install; default the one `npm run package` writes), --cli FILE (the paper-shelf CLI that parses the
 * corpus for the naive picker; default dist/cli.js), --commit SHA (the commit those were built from, for the record;
 * default this checkout's HEAD when the run starts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, workbenchUrl } from '../../test/host/browser';
import { RunningCodeServer, freshProfile, installExtension, makeTempDir, startCodeServer } from '../../test/host/codeServer';
import { ensureHost } from '../../test/host/installHost';
import { CODE_SERVER_VERSION, repoRoot, testResultsDir, vsixPath } from '../../test/host/paths';
import { installExitHooks } from '../../test/host/processes';
import { SEARCH_QUERIES } from '../searchQueries';

type PickerKind = 'naive' | 'roundtrip' | 'shelf';

interface Options {
  papers: number;
  reps: number;
  queryCount: number;
  pickers: PickerKind[];
  out: string;
  vsix: string;
  cli: string;
  commit: string | null;
}

interface ProbeTiming {
  startEvent: string | null;
  via?: 'mutation' | 'frame after input';
  domMs?: number;
  frameMs?: number;
  mutations: number;
  timedOut?: boolean;
  summary?: ListSummary;
}

interface ListSummary {
  visible: boolean;
  value: string | null;
  renderedRows: number;
  listHeightPx: number;
  rowHeightPx: number;
  firstLabel: string | null;
  firstAriaLabel: string | null;
  setSize: string | null;
}

interface QuietResult {
  quiet: boolean;
  waitedMs: number;
  mutations: number;
  signature: string;
}

interface KeystrokeSample {
  rep: number;
  domMs: number | null;
  frameMs: number | null;
  via: string | null;
  /** The prefix already showed exactly what the full query shows: timed to the first frame after the input event. */
  unchanged: boolean;
  /** The list still showed the matched state once the page went quiet again. */
  stable: boolean;
  timedOut: boolean;
}

interface QueryResult {
  query: string;
  set: 'plain' | 'syntax';
  lastKey: string;
  rows: number;
  firstLabel: string | null;
  samples: KeystrokeSample[];
  medianFrameMs: number | null;
}

interface Percentiles {
  samples: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

const QUIET_MS = 500;
const STEP_TIMEOUT_MS = 30_000;
const LOAD_TIMEOUT_MS = 15 * 60_000;
const VIEWPORT = { width: 1400, height: 900 };
const PICKER_KEYS: Record<PickerKind, string> = { naive: 'Control+Alt+Shift+Q', roundtrip: 'Control+Alt+Shift+Y', shelf: 'Control+Alt+Shift+P' };
const PICKER_NAMES: Record<PickerKind, string> = {
  naive: "VS Code's quick-pick filter over all items (label, description, detail)",
  roundtrip: 'Extension that answers every keystroke with 50 fixed rows, no search: the extension host round trip and rendering alone',
  shelf: 'Paper Shelf: Search Papers (index, 50 results per keystroke)',
};
const benchDir = path.join(repoRoot, 'bench', 'quickPick');
const probeSource = fs.readFileSync(path.join(benchDir, 'probe.js'), 'utf8');

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const papers = Number(value('papers') ?? 10000);
  const pickers = (value('pickers') ?? 'naive,roundtrip,shelf').split(',').map((name) => name.trim()) as PickerKind[];
  for (const picker of pickers) if (!(picker in PICKER_KEYS)) throw new Error(`Unknown picker "${picker}"; use ${Object.keys(PICKER_KEYS).join(', ')}`);
  return {
    papers,
    reps: Number(value('reps') ?? 3),
    queryCount: Number(value('queries') ?? SEARCH_QUERIES.length),
    pickers,
    out: path.resolve(value('out') ?? path.join(repoRoot, 'bench', 'results', `quickpick-${papers}.json`)),
    vsix: path.resolve(value('vsix') ?? vsixPath()),
    cli: path.resolve(value('cli') ?? path.join(repoRoot, 'dist', 'cli.js')),
    commit: value('commit') ?? gitCommit(),
  };
}

/** Field filters, phrases, OR and exclusions mean something to our search only; VS Code's filter reads them as letters. */
function querySet(query: string): 'plain' | 'syntax' {
  return /[:"]|\bOR\b|(^|\s)-/.test(query) ? 'syntax' : 'plain';
}

function percentiles(values: number[]): Percentiles {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? null : round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]));
  return { samples: sorted.length, p50: at(50), p95: at(95), max: at(100) };
}

function median(values: number[]): number | null {
  return percentiles(values).p50;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function log(message: string): void {
  console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function machineInfo(): Record<string, unknown> {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? null,
    memoryGB: round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg().map(round),
  };
}

class Probe {
  constructor(private readonly page: Page) {}

  async install(): Promise<void> {
    await this.page.evaluate(probeSource);
  }

  signature(): Promise<string> {
    return this.page.evaluate('window.__quickPickProbe.signature()') as Promise<string>;
  }

  summary(): Promise<ListSummary> {
    return this.page.evaluate('window.__quickPickProbe.summary()') as Promise<ListSummary>;
  }

  quiet(): Promise<QuietResult> {
    return this.page.evaluate(`window.__quickPickProbe.waitQuiet(${QUIET_MS}, ${STEP_TIMEOUT_MS})`) as Promise<QuietResult>;
  }

  /** Arms the in-page clock, runs `action` (which sends the keystroke), and resolves with the page's timing. */
  async time(expected: string, afterInput: boolean, action: () => Promise<void>): Promise<ProbeTiming> {
    await this.page.evaluate(`window.__quickPickProbe.arm(${JSON.stringify(expected)}, ${STEP_TIMEOUT_MS}, ${afterInput})`);
    await action();
    return (await this.page.evaluate('window.__quickPickProbe.result()')) as ProbeTiming;
  }
}

interface Session {
  page: Page;
  probe: Probe;
  close(): Promise<void>;
}

/** code-server with one VSIX installed, `workspace` open in headless Chromium, the probe installed. */
async function openSession(vsix: string, workspace: string, label: string): Promise<Session> {
  const profile = freshProfile();
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(profile.root, { recursive: true, force: true });
  };
  installExitHooks(close);
  try {
    installExtension(vsix, profile.userDataDir, profile.extensionsDir);
    server = await startCodeServer({ userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir });
    browser = await launchChromium();
    log(`${label}: code-server ${server.url}, Chromium ${browser.version()}`);
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(workbenchUrl(server.url, workspace));
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 120_000 });
    await page.locator('.part.sidebar .explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 120_000 });
    const probe = new Probe(page);
    await probe.install();
    return { page, probe, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Waits for a status bar entry whose accessible label matches `pattern`, and returns that label. */
async function waitForStatusBar(page: Page, pattern: RegExp, what: string): Promise<string> {
  const started = Date.now();
  const find = `[...document.querySelectorAll('.part.statusbar [aria-label]')].map((e) => e.getAttribute('aria-label')).find((label) => ${pattern}.test(label))`;
  const handle = await page.waitForFunction(find, undefined, { timeout: LOAD_TIMEOUT_MS, polling: 250 });
  const label = String(await handle.jsonValue());
  log(`${what}: "${label}" after ${Math.round((Date.now() - started) / 1000)} s`);
  return label;
}

function quickInputBox(page: Page) {
  return page.locator('.quick-input-widget .quick-input-box input');
}

async function openPicker(session: Session, kind: PickerKind): Promise<void> {
  await session.page.locator('.monaco-workbench').focus().catch(() => undefined);
  await session.page.keyboard.press(PICKER_KEYS[kind]);
  await quickInputBox(session.page).waitFor({ state: 'visible' });
}

async function closePicker(session: Session): Promise<void> {
  await session.page.keyboard.press('Escape');
  await session.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await session.probe.quiet();
}

/** Time from the keybinding's keydown to the rows of the freshly opened picker, `reps` times. */
async function measureOpen(session: Session, kind: PickerKind, reps: number): Promise<{ samples: ProbeTiming[]; summary: ListSummary }> {
  await openPicker(session, kind);
  const reference = await session.probe.quiet();
  const summary = await session.probe.summary();
  await saveScreenshot(session.page, path.join(testResultsDir, `quickpick-${kind}-open.png`));
  await closePicker(session);
  const samples: ProbeTiming[] = [];
  for (let rep = 0; rep < reps; rep++) {
    await session.page.locator('.monaco-workbench').focus().catch(() => undefined);
    const timing = await session.probe.time(reference.signature, false, () => session.page.keyboard.press(PICKER_KEYS[kind]));
    if (timing.timedOut) log(`${kind}: open ${rep + 1} never matched the reference rows: ${JSON.stringify(timing.summary)}`);
    samples.push(timing);
    await session.probe.quiet();
    await closePicker(session);
  }
  log(`${kind}: open ${samples.map((s) => s.frameMs?.toFixed(0) ?? 'timeout').join(', ')} ms; ${summary.renderedRows} rows rendered, first "${summary.firstLabel}"`);
  return { samples, summary };
}

async function setValue(session: Session, value: string): Promise<QuietResult> {
  await quickInputBox(session.page).fill(value);
  return session.probe.quiet();
}

/**
 * For each query: type it whole and let the page go quiet to learn what the list shows for it (untimed); then,
 * `reps` times, type all but its last character, let the page go quiet, and time the last keystroke until the
 * list shows exactly that.
 */
async function measureQueries(session: Session, kind: PickerKind, queries: readonly string[], reps: number): Promise<QueryResult[]> {
  await openPicker(session, kind);
  await session.probe.quiet();
  const results: QueryResult[] = [];
  for (const query of queries) {
    const expected = await setValue(session, query);
    const summary = await session.probe.summary();
    if (query === 'diffusion') await saveScreenshot(session.page, path.join(testResultsDir, `quickpick-${kind}-diffusion.png`));
    const prefix = query.slice(0, -1);
    const lastKey = query.slice(-1);
    const samples: KeystrokeSample[] = [];
    for (let rep = 0; rep < reps; rep++) {
      const before = await setValue(session, prefix);
      const timing = await session.probe.time(expected.signature, true, () => session.page.keyboard.type(lastKey));
      const after = await session.probe.quiet();
      samples.push({
        rep,
        domMs: timing.domMs === undefined ? null : round(timing.domMs),
        frameMs: timing.frameMs === undefined ? null : round(timing.frameMs),
        via: timing.via ?? null,
        unchanged: before.signature === expected.signature,
        stable: after.signature === expected.signature,
        timedOut: !!timing.timedOut,
      });
    }
    const rows = summary.rowHeightPx > 0 ? Math.round(summary.listHeightPx / summary.rowHeightPx) : 0;
    const result: QueryResult = {
      query,
      set: querySet(query),
      lastKey,
      rows,
      firstLabel: summary.firstLabel,
      samples,
      medianFrameMs: median(validSamples(samples).map((s) => s.frameMs!)),
    };
    results.push(result);
    log(`${kind}: ${JSON.stringify(query)} → ${rows} rows; last key ${samples.map(describeSample).join(', ')}`);
  }
  await closePicker(session);
  return results;
}

function describeSample(sample: KeystrokeSample): string {
  if (sample.timedOut) return 'timeout';
  const flags = [sample.unchanged ? 'unchanged' : '', sample.stable ? '' : 'unstable'].filter(Boolean).join(', ');
  return `${sample.frameMs} ms${flags ? ` (${flags})` : ''}`;
}

/** Samples that reached the query's list, which then stayed. */
function validSamples(samples: KeystrokeSample[]): KeystrokeSample[] {
  return samples.filter((s) => !s.timedOut && s.stable && s.frameMs !== null);
}

function summarise(results: QueryResult[]) {
  const sets = { all: results, plain: results.filter((r) => r.set === 'plain'), syntax: results.filter((r) => r.set === 'syntax') };
  return Object.fromEntries(
    Object.entries(sets).map(([name, subset]) => {
      const samples = subset.flatMap((r) => r.samples);
      const valid = validSamples(samples);
      return [
        name,
        {
          queries: subset.length,
          keystrokeToPaintMs: percentiles(valid.map((s) => s.frameMs!)),
          keystrokeToDomMs: percentiles(valid.map((s) => s.domMs!)),
          /** Only keystrokes that changed what the list shows. */
          changedKeystrokeToPaintMs: percentiles(valid.filter((s) => !s.unchanged).map((s) => s.frameMs!)),
          perQueryMedianPaintMs: percentiles(subset.map((r) => r.medianFrameMs).filter((v): v is number => v !== null)),
          unchanged: samples.filter((s) => s.unchanged).length,
          excluded: { unstable: samples.filter((s) => !s.stable).length, timedOut: samples.filter((s) => s.timedOut).length },
        },
      ];
    }),
  );
}

function packageBenchExtension(into: string): string {
  const vsix = path.join(into, 'quick-pick-bench.vsix');
  const vsce = path.join(repoRoot, 'node_modules', '.bin', 'vsce');
  execFileSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: path.join(benchDir, 'extension'),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}

/** Workspace for the naive picker: the corpus as `paper-shelf parse --json` gives it, and no papers/ folder. */
function naiveWorkspace(cli: string, corpusDir: string): { workspace: string; papers: number; parseMs: number } {
  const workspace = makeTempDir('quickpick-naive');
  const started = Date.now();
  const json = execFileSync(process.execPath, [cli, 'parse', corpusDir, '--json'], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const parseMs = Date.now() - started;
  fs.writeFileSync(path.join(workspace, 'quickpick-papers.json'), json);
  const papers = (JSON.parse(json.toString('utf8')) as { papers: unknown[] }).papers.length;
  return { workspace, papers, parseMs };
}

/** Workspace for Paper Shelf: a copy of the generated corpus as papers/. */
function shelfWorkspace(corpusDir: string): string {
  const workspace = makeTempDir('quickpick-shelf');
  fs.cpSync(corpusDir, path.join(workspace, 'papers'), { recursive: true });
  return workspace;
}

async function measurePicker(kind: PickerKind, options: Options, queries: readonly string[], corpusDir: string, scratch: string) {
  const loadAverageBefore = os.loadavg().map(round);
  let session: Session | undefined;
  try {
    let readyText: string;
    let papers: number | null = null;
    if (kind === 'naive' || kind === 'roundtrip') {
      const prepared = naiveWorkspace(options.cli, corpusDir);
      papers = prepared.papers;
      log(`${kind}: ${prepared.papers} papers parsed by ${path.relative(repoRoot, options.cli)} in ${prepared.parseMs} ms`);
      session = await openSession(packageBenchExtension(scratch), prepared.workspace, kind);
      readyText = await waitForStatusBar(session.page, /^Quick pick bench: \d+ papers ready/, `${kind}: bench extension`);
    } else {
      const vsix = options.vsix;
      if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist; run \`npm run package\` first`);
      session = await openSession(vsix, shelfWorkspace(corpusDir), kind);
      // The count replaces the spinner once the first load (parse, merge, index, topics) has finished.
      readyText = await waitForStatusBar(session.page, /^Paper Shelf, [1-9]\d* papers/, 'shelf: Paper Shelf status bar');
      papers = Number(/\d+/.exec(readyText)?.[0]);
      await session.probe.quiet();
    }
    const open = await measureOpen(session, kind, options.reps);
    const results = await measureQueries(session, kind, queries, options.reps);
    const openValid = open.samples.filter((s) => !s.timedOut && s.frameMs !== undefined);
    return {
      picker: PICKER_NAMES[kind],
      key: PICKER_KEYS[kind],
      papers,
      readyText,
      open: {
        keyToPaintMs: percentiles(openValid.map((s) => s.frameMs!)),
        keyToDomMs: percentiles(openValid.map((s) => s.domMs!)),
        renderedRows: open.summary.renderedRows,
        rows: open.summary.rowHeightPx > 0 ? Math.round(open.summary.listHeightPx / open.summary.rowHeightPx) : 0,
        samples: open.samples,
      },
      sets: summarise(results),
      queries: results,
      loadAverageBefore,
      loadAverageAfter: os.loadavg().map(round),
    };
  } finally {
    await session?.close();
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const corpusDir = path.join(repoRoot, 'bench', 'corpus', String(options.papers));
  if (!fs.existsSync(corpusDir)) throw new Error(`${corpusDir} is missing; run \`npm run bench -- --papers ${options.papers}\` or bench:generate first`);
  if (!fs.existsSync(options.cli)) throw new Error(`${options.cli} is missing; run \`npm run build\` first`);
  ensureHost(log);
  const queries = SEARCH_QUERIES.slice(0, options.queryCount);
  const scratch = makeTempDir('quickpick-bench');
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const pickers: Record<string, unknown> = {};
  for (const kind of options.pickers) {
    log(`${kind}: ${queries.length} queries × ${options.reps} timed keystrokes`);
    pickers[kind] = await measurePicker(kind, options, queries, corpusDir, scratch);
  }
  const report = {
    benchmark: 'quick pick in the real workbench: last keystroke of each query to re-rendered rows',
    startedAt,
    finishedAt: new Date().toISOString(),
    host: { codeServer: CODE_SERVER_VERSION, vscode: CODE_SERVER_VERSION.replace(/^4\./, '1.'), viewport: VIEWPORT, chromium: '/usr/bin/chromium, headless, --disable-gpu' },
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map(round) },
    build: { commit: options.commit, vsix: options.vsix, cli: options.cli },
    method: {
      corpus: path.relative(repoRoot, corpusDir),
      queries: `bench/searchQueries.ts, the first ${queries.length} of ${SEARCH_QUERIES.length}`,
      querySets: 'plain = no ":", no quote, no OR, no leading "-"; syntax = the rest',
      reps: options.reps,
      timing:
        'in the page: performance.now() at the keydown of the query\'s last character, typed after its prefix was in the box and the page had been quiet for ' +
        `${QUIET_MS} ms; domMs = first DOM change after which the list (its height and every rendered row, highlights included) equals what it shows for the whole query typed at once; ` +
        'paintMs = the animation frame after that. When the prefix already showed that same list ("unchanged"), the clock stops at the first frame after the input event\'s handlers ran. ' +
        'changedKeystrokeToPaintMs counts only keystrokes that changed the list. Samples whose list changed again afterwards, or that timed out, are left out (counts under "excluded").',
    },
    pickers,
  };
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${path.relative(repoRoot, options.out)}`);
  for (const [kind, result] of Object.entries(pickers) as [string, { open: { keyToPaintMs: Percentiles }; sets: Record<string, { keystrokeToPaintMs: Percentiles }> }][]) {
    const sets = Object.entries(result.sets).map(([name, s]) => `${name} p50 ${s.keystrokeToPaintMs.p50} / p95 ${s.keystrokeToPaintMs.p95} ms`);
    console.log(`${kind}: open p50 ${result.open.keyToPaintMs.p50} ms; keystroke → painted rows: ${sets.join('; ')}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  },
);
