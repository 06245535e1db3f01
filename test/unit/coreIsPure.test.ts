import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const coreDir = path.join(__dirname, '..', '..', '..', 'src', 'core');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('src/core', () => {
  it('never imports vscode, so it runs in plain Node, the CLI and unit tests', () => {
    const offenders = sourceFiles(coreDir).filter((file) =>
      /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(file, 'utf8')),
    );
    assert.deepStrictEqual(offenders, []);
  });
});
