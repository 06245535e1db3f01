import { runMochaSuite } from './mochaSuite';

/** Entry point VS Code calls through --extensionTestsPath. */
export function run(): Promise<void> {
  return runMochaSuite(__dirname);
}
