import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import { Browser } from 'playwright-core';
import { launchChromium, remoteUri, saveScreenshot, workbenchUrl } from './browser';
import { RunningCodeServer, freshProfile, startCodeServer } from './codeServer';
import { testResultsDir } from './paths';
import { installExitHooks, withTimeout } from './processes';

/** What a VS Code command line asks for, as far as running extension tests goes. */
export interface CodeArguments {
  extensionDevelopmentPaths: string[];
  extensionTestsPath?: string;
  userDataDir?: string;
  extensionsDir?: string;
  folder?: string;
  disableExtensions: boolean;
}

const valuedFlags = new Set(['--extensionDevelopmentPath', '--extensionTestsPath', '--user-data-dir', '--extensions-dir']);

export function parseCodeArguments(argv: string[]): CodeArguments {
  const parsed: CodeArguments = { extensionDevelopmentPaths: [], disableExtensions: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    let flag = arg;
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      flag = arg.slice(0, arg.indexOf('='));
      value = arg.slice(arg.indexOf('=') + 1);
    } else if (valuedFlags.has(arg)) {
      value = argv[++i];
    }
    switch (flag) {
      case '--extensionDevelopmentPath': parsed.extensionDevelopmentPaths.push(path.resolve(value!)); break;
      case '--extensionTestsPath': parsed.extensionTestsPath = path.resolve(value!); break;
      case '--user-data-dir': parsed.userDataDir = path.resolve(value!); break;
      case '--extensions-dir': parsed.extensionsDir = path.resolve(value!); break;
      case '--disable-extensions': parsed.disableExtensions = true; break;
      default:
        // Desktop-only switches (--no-sandbox, --skip-welcome, ...) mean nothing to a browser workbench.
        if (!arg.startsWith('-') && parsed.folder === undefined) parsed.folder = path.resolve(arg);
    }
  }
  return parsed;
}

/** Workbench chatter that says nothing about the tests; shown only with PAPER_SHELF_HOST_VERBOSE=1. */
const workbenchNoise = [
  /^Resolving connection token/,
  /^Resolved connection token/,
  /^Creating a socket \(renderer-/,
  /^Updating additional builtin extensions cache$/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled\.$/,
];

/** The workbench hands over console arguments unformatted, printf style (mocha's reporter uses %s and %d). */
export function formatLogArguments(args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  return util.format(...list);
}

/**
 * Runs an extension test suite in code-server's real extension host, driven from headless Chromium,
 * and resolves with the suite's exit code. Everything it starts is stopped before it returns.
 */
export async function runExtensionTests(args: CodeArguments, print: (text: string) => void = (text) => process.stdout.write(text)): Promise<number> {
  if (!args.extensionTestsPath) throw new Error('--extensionTestsPath is required');
  if (args.extensionDevelopmentPaths.length === 0) throw new Error('--extensionDevelopmentPath is required');
  const timeoutMs = Number(process.env.PAPER_SHELF_TEST_TIMEOUT_MS ?? 300_000);
  const verbose = process.env.PAPER_SHELF_HOST_VERBOSE === '1';

  const profile = freshProfile();
  const userDataDir = args.userDataDir ?? profile.userDataDir;
  // code-server has no --disable-extensions switch; an empty extensions folder and the payload flag stand in for it.
  const extensionsDir = args.disableExtensions || !args.extensionsDir ? profile.extensionsDir : args.extensionsDir;
  fs.mkdirSync(userDataDir, { recursive: true });

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const serverLog: string[] = [];
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(profile.root, { recursive: true, force: true });
  };
  installExitHooks(cleanup);

  try {
    const host = await startCodeServer({
      userDataDir,
      extensionsDir,
      log: (line) => (verbose ? print(`[code-server] ${line}\n`) : serverLog.push(line)),
    });
    server = host;
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', (_level: string, logArgs: unknown) => {
      const text = formatLogArguments(logArgs);
      if (verbose || !workbenchNoise.some((pattern) => pattern.test(text))) print(text + '\n');
    });
    page.on('crash', () => print('Chromium: the workbench page crashed\n'));

    const payload: [string, string][] = [
      ...args.extensionDevelopmentPaths.map((p): [string, string] => ['extensionDevelopmentPath', remoteUri(host.url, p)]),
      ['extensionTestsPath', remoteUri(host.url, args.extensionTestsPath)],
      ...(args.disableExtensions ? [['disableExtensions', 'true'] as [string, string]] : []),
    ];
    await page.goto(workbenchUrl(host.url, args.folder, payload));

    let code: number;
    let timedOut = false;
    try {
      code = await withTimeout(exited, timeoutMs, 'the extension tests to finish');
    } catch (error) {
      print(`${(error as Error).message}\n`);
      code = 1;
      timedOut = true;
    }
    if (code !== 0) {
      const stamp = Date.now();
      const shot = path.join(testResultsDir, `integration-failure-${stamp}.png`);
      await saveScreenshot(page, shot).then(() => print(`Screenshot of the workbench: ${shot}\n`), () => undefined);
      if (!verbose && serverLog.length > 0) {
        const logFile = path.join(testResultsDir, `integration-failure-${stamp}-code-server.log`);
        fs.writeFileSync(logFile, serverLog.join('\n') + '\n');
        print(timedOut ? `code-server log:\n${serverLog.slice(-40).join('\n')}\n` : `code-server log: ${logFile}\n`);
      }
    }
    return code;
  } finally {
    await cleanup();
  }
}

export async function main(argv: string[]): Promise<void> {
  try {
    const code = await runExtensionTests(parseCodeArguments(argv));
    process.exit(code);
  } catch (error) {
    console.error(error instanceof Error ? error.stack ?? error.message : error);
    process.exit(1);
  }
}
