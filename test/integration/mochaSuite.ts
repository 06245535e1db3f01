import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/** Runs every *.test.js under `directory` with mocha inside the extension host; rejects when any test fails. */
export function runMochaSuite(directory: string, options: Mocha.MochaOptions = {}): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000, ...options });
  const files = (fs.readdirSync(directory, { recursive: true }) as string[])
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(directory, file));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (error) {
      reject(error);
    }
  });
}
