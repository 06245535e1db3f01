import * as assert from 'assert';
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../host/browser';
import { repoRoot, vsixPath } from '../host/paths';
import { withTimeout } from '../host/processes';
import { activityBarItem, screenshot, sideBarTitle, waitFor, waitForWorkbench } from './harness';

/** A process as /proc knows it; the start time tells it apart from a later process given the same id. */
interface ProcessIdentity {
  pid: number;
  startTime: string;
  commandLine: string;
}

function readStat(pid: number): { parentPid: number; state: string; startTime: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], parentPid: Number(fields[1]), startTime: fields[19] };
  } catch {
    return undefined;
  }
}

/** Every process below `rootPid` (children, their children, …), as it stands now. */
function descendantsOf(rootPid: number): ProcessIdentity[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) parentOf.set(Number(entry), stat.parentPid);
  }
  const found: ProcessIdentity[] = [];
  for (const pid of parentOf.keys()) {
    let ancestor = parentOf.get(pid);
    while (ancestor !== undefined && ancestor > 1 && ancestor !== rootPid) ancestor = parentOf.get(ancestor);
    if (ancestor !== rootPid) continue;
    const stat = readStat(pid);
    if (!stat) continue;
    let commandLine = '';
    try {
      commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      // The process ended while we looked.
    }
    found.push({ pid, startTime: stat.startTime, commandLine });
  }
  return found;
}

/** True while the very process `identity` names runs (a zombie has finished). */
function stillRuns(identity: ProcessIdentity): boolean {
  const stat = readStat(identity.pid);
  return stat !== undefined && stat.startTime === identity.startTime && stat.state !== 'Z';
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves with the first match of `pattern` in what `child` prints on stdout; rejects if it exits first. */
function waitForOutput(child: ChildProcess, output: () => string, pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpMatchArray> {
  const found = new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = () => {
      const match = output().match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code, signal) => reject(new Error(`npm start's entry exited (${code ?? signal}) before printing ${what}:\n${output()}`)));
    check();
  });
  return withTimeout(found, timeoutMs, what);
}

interface CliTopic {
  label: string;
}

describe('npm start', function () {
  this.timeout(240_000);
  let start: ChildProcess | undefined;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let stdout = '';
  let stderr = '';
  let startedProcesses: ProcessIdentity[] = [];

  after(async () => {
    await browser?.close().catch(() => undefined);
    const pid = start?.pid;
    if (pid !== undefined && groupAlive(pid)) {
      process.kill(-pid, 'SIGTERM');
      await withTimeout(exited!, 10_000, 'npm start to stop').catch(() => undefined);
      if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
    // code-server leads a process group of its own, so it outlives the start process if that was killed outright.
    for (const leftover of startedProcesses.filter(stillRuns)) process.kill(leftover.pid, 'SIGKILL');
  });

  it('serves a VS Code with Paper Shelf showing the sample corpus, screenshots it, and stops everything on Ctrl-C', async () => {
    assert.ok(fs.existsSync(vsixPath()), `${vsixPath()} is missing; the e2e run packages it before the tests`);
    const env = { ...process.env };
    // A fixed port could collide with another run on this shared machine.
    delete env.PAPER_SHELF_PORT;
    // `npm start` runs this entry after building and packaging, which the e2e run has done already.
    start = spawn(process.execPath, [path.join(repoRoot, 'out', 'test', 'host', 'start.js')], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = start;
    exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const [, url] = await waitForOutput(child, () => stdout, /VS Code with Paper Shelf: (http:\/\/127\.0\.0\.1:\d+)\s/, 'the workbench URL', 120_000);
    const workspace = stdout.match(/the workspace (\S+) holds papers\//)?.[1];
    assert.ok(workspace && fs.existsSync(path.join(workspace, 'papers')), `npm start names its workspace:\n${stdout}`);
    startedProcesses = descendantsOf(child.pid!);
    assert.ok(
      startedProcesses.some((p) => p.commandLine.includes('code-server') && p.commandLine.includes(workspace)),
      `a code-server serving ${workspace} runs below npm start: ${JSON.stringify(startedProcesses, null, 1)}`,
    );

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(30_000);
    await page.goto(url);
    await waitForWorkbench(page);

    const status = page.locator('.part.statusbar [aria-label^="Paper Shelf, "]').first();
    await waitFor(async () => (await status.getAttribute('aria-label')) === 'Paper Shelf, 96 papers, search', 'the status bar to count 96 papers', {
      timeoutMs: 60_000,
    });
    assert.strictEqual(((await status.textContent()) ?? '').trim(), '96');

    await activityBarItem(page, 'Paper Shelf').click();
    await waitFor(async () => (await sideBarTitle(page!).textContent()) === 'Paper Shelf: Papers', 'the side bar title "Paper Shelf: Papers"');
    const topicRows = page.locator('.part.sidebar [role="tree"][aria-label="Papers"] .monaco-list-row[aria-level="1"]');
    await topicRows.first().waitFor({ state: 'visible' });
    const shownTopics = (await topicRows.locator('.label-name').allTextContents()).map((label) => label.trim());
    const cliJson = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'topics', '--json', path.join(workspace, 'papers')], { encoding: 'utf8' });
    const expectedTopics = (JSON.parse(cliJson) as { topics: CliTopic[] }).topics.map((topic) => topic.label);
    assert.ok(expectedTopics.length >= 2, `the CLI groups the sample corpus into topics: ${cliJson.slice(0, 500)}`);
    assert.deepStrictEqual(shownTopics, expectedTopics.slice(0, shownTopics.length), 'the tree lists the topics the CLI computes, in its order');

    // The icon's hover label would cover a topic row in the screenshot.
    await page.mouse.move(900, 700);
    await page.locator('.monaco-hover, .custom-hover').filter({ visible: true }).first().waitFor({ state: 'hidden' });
    const file = await screenshot(page, 'npm-start');
    assert.strictEqual(file, path.join(repoRoot, 'test-results', 'npm-start.png'));
    assert.ok(fs.statSync(file).size > 10_000, `${file} holds a real screenshot`);
    await browser.close();
    browser = undefined;

    // Ctrl-C in a terminal signals the whole foreground process group.
    process.kill(-child.pid!, 'SIGINT');
    const { code, signal } = await withTimeout(exited, 30_000, 'npm start to exit after SIGINT');
    assert.deepStrictEqual({ code, signal }, { code: 130, signal: null }, `stdout:\n${stdout}\nstderr:\n${stderr}`);
    assert.match(stdout, /Stopping code-server…/);
    assert.deepStrictEqual(
      startedProcesses.filter(stillRuns).map((p) => `${p.pid}: ${p.commandLine}`),
      [],
      'no process npm start started (code-server, its extension host) is left',
    );
    assert.strictEqual(fs.existsSync(workspace), false, `the temporary workspace ${workspace} is removed`);
  });
});
