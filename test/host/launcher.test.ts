import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { KNOWN_FAILURE_MESSAGE } from '../fixtures/failing-suite/message';
import { freshProfile } from './codeServer';
import { parseCodeArguments } from './launcher';
import { launcherExecutable, repoRoot } from './paths';
import { createSampleWorkspace } from './workspace';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose command line mentions `text`, other than ours. */
function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (commandLine.includes(text)) found.push(`${entry}: ${commandLine}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe('The code-server launcher that stands in for desktop VS Code', function () {
  this.timeout(180_000);

  it('reads the arguments @vscode/test-electron passes, in both --flag=value and --flag value form', () => {
    const parsed = parseCodeArguments([
      '/tmp/ws',
      '--disable-extensions',
      '--user-data-dir', '/tmp/ud',
      '--extensions-dir=/tmp/ext',
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--skip-welcome',
      '--extensionTestsPath=/repo/out/test/integration/index.js',
      '--extensionDevelopmentPath=/repo',
    ]);
    assert.deepStrictEqual(parsed, {
      folder: '/tmp/ws',
      disableExtensions: true,
      userDataDir: '/tmp/ud',
      extensionsDir: '/tmp/ext',
      extensionTestsPath: '/repo/out/test/integration/index.js',
      extensionDevelopmentPaths: ['/repo'],
    });
  });

  it('makes the test command exit non-zero and print the assertion message when a test inside the extension host fails', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'out', 'test', 'runIntegration.js'), '--suite', 'out/test/fixtures/failing-suite'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 150_000,
    });
    // Mocha colours its marks when it thinks it writes to a terminal (CI=true does that); compare the text.
    const output = (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '');
    assert.strictEqual(result.status, 1, output);
    assert.ok(output.includes(KNOWN_FAILURE_MESSAGE), `the assertion message is missing from:\n${output}`);
    assert.match(output, /✔ runs with the real vscode API/);
    assert.match(output, /1 passing/);
    assert.match(output, /1 failing/);
    assert.match(output, /Test run failed with code 1/);
  });

  it('gives up on a suite that never finishes, exits non-zero and stops code-server and its extension host', () => {
    const profile = freshProfile();
    const workspace = createSampleWorkspace();
    const pidFile = path.join(profile.root, 'extension-host.pid');
    try {
      const result = spawnSync(
        launcherExecutable,
        [
          workspace,
          `--user-data-dir=${profile.userDataDir}`,
          `--extensions-dir=${profile.extensionsDir}`,
          `--extensionDevelopmentPath=${repoRoot}`,
          `--extensionTestsPath=${path.join(repoRoot, 'out', 'test', 'fixtures', 'hanging-suite', 'index.js')}`,
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          timeout: 150_000,
          env: { ...process.env, PAPER_SHELF_TEST_TIMEOUT_MS: '15000', PAPER_SHELF_FIXTURE_PID_FILE: pidFile },
        },
      );
      const output = result.stdout + result.stderr;
      assert.strictEqual(result.status, 1, output);
      assert.match(output, /Timed out after 15 s waiting for the extension tests to finish/);
      const extensionHostPid = Number(fs.readFileSync(pidFile, 'utf8'));
      assert.ok(extensionHostPid > 0);
      assert.strictEqual(isAlive(extensionHostPid), false, `extension host ${extensionHostPid} still runs`);
      assert.deepStrictEqual(processesMentioning(profile.userDataDir), []);
    } finally {
      fs.rmSync(profile.root, { recursive: true, force: true });
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  });
});
