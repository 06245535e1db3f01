import * as fs from 'fs';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { freshProfile } from './host/codeServer';
import { ensureHost } from './host/installHost';
import { launcherExecutable, repoRoot } from './host/paths';
import { createSampleWorkspace } from './host/workspace';

/**
 * Runs a suite inside VS Code through @vscode/test-electron: the desktop VS Code named by
 * $VSCODE_EXECUTABLE if set, otherwise our launcher that drives code-server.
 * Usage: node out/test/runIntegration.js [--suite out/test/integration]
 */
async function main(argv: string[]): Promise<number> {
  const suiteFlag = argv.indexOf('--suite');
  const suiteDir = path.resolve(repoRoot, suiteFlag >= 0 ? argv[suiteFlag + 1] : 'out/test/integration');
  const extensionTestsPath = path.join(suiteDir, 'index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} does not exist; run \`npm run compile-tests\``);

  const vscodeExecutablePath = process.env.VSCODE_EXECUTABLE ?? launcherExecutable;
  if (!process.env.VSCODE_EXECUTABLE) ensureHost();

  const profile = freshProfile();
  const workspace = createSampleWorkspace();
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${profile.userDataDir}`, `--extensions-dir=${profile.extensionsDir}`],
    });
    return 0;
  } catch (error) {
    console.error(`Integration tests failed: ${error instanceof Error ? error.message : error}`);
    return 1;
  } finally {
    fs.rmSync(profile.root, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
