import * as fs from 'fs';
import { RunningCodeServer, freshProfile, installExtension, startCodeServer } from './codeServer';
import { ensureHost } from './installHost';
import { vsixPath } from './paths';
import { installExitHooks } from './processes';
import { createSampleWorkspace, sampleCorpusDir } from './workspace';

/**
 * `npm start`: serves a VS Code (code-server) with the packaged Paper Shelf installed and a workspace
 * holding the sample corpus, until Ctrl-C. PAPER_SHELF_PORT fixes the port.
 */
async function main(): Promise<void> {
  ensureHost();
  const vsix = vsixPath();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist; run \`npm run package\` first`);
  const profile = freshProfile();
  const workspace = createSampleWorkspace();
  let server: RunningCodeServer | undefined;
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping code-server…');
    await server?.stop();
    fs.rmSync(profile.root, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  };
  installExitHooks(cleanup);

  installExtension(vsix, profile.userDataDir, profile.extensionsDir);
  const port = process.env.PAPER_SHELF_PORT ? Number(process.env.PAPER_SHELF_PORT) : undefined;
  server = await startCodeServer({ userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, folder: workspace, port });
  console.log(`Paper Shelf ${vsix} is installed; the workspace ${workspace} holds papers/ from ${sampleCorpusDir}.`);
  console.log(`\n  VS Code with Paper Shelf: ${server.url}\n\nPress Ctrl-C to stop.`);
  server.process.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited on its own (${code ?? signal})`);
    void cleanup().finally(() => process.exit(1));
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
