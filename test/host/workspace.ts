import * as fs from 'fs';
import * as path from 'path';
import { makeTempDir } from './codeServer';
import { repoRoot } from './paths';

export const sampleCorpusDir = path.join(repoRoot, 'dist', 'sample-corpus');

/** A temporary workspace whose papers/ folder holds copies of the sample corpus that the build puts in dist/. */
export function createSampleWorkspace(): string {
  const files = fs.existsSync(sampleCorpusDir) ? fs.readdirSync(sampleCorpusDir).filter((name) => name.endsWith('.txt')) : [];
  if (files.length === 0) throw new Error(`${sampleCorpusDir} holds no .txt files; run \`npm run build\` first`);
  const workspace = makeTempDir('workspace');
  fs.mkdirSync(path.join(workspace, 'papers'));
  for (const name of files) fs.copyFileSync(path.join(sampleCorpusDir, name), path.join(workspace, 'papers', name));
  return workspace;
}
