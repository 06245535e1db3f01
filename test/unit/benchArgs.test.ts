import * as assert from 'assert';
import { parseArgs } from '../../bench/lib/args';

describe('benchmark command line', () => {
  it('times three runs by default at every size, so the 100k budget check reports medians', () => {
    assert.deepStrictEqual(parseArgs(['--papers', '100000', '--json']), { papers: 100000, runs: 3, json: true, seed: 1, vsix: true });
    assert.deepStrictEqual(parseArgs([]), { papers: 1000, runs: 3, json: false, seed: 1, vsix: true });
  });

  it('takes the runs, seed and VSIX options as given', () => {
    assert.deepStrictEqual(parseArgs(['--papers', '10000', '--runs', '5', '--seed', '7', '--no-vsix']), { papers: 10000, runs: 5, json: false, seed: 7, vsix: false });
  });

  it('refuses counts that are not positive integers, and unknown options', () => {
    assert.throws(() => parseArgs(['--runs', '0']), /--runs must be a positive integer/);
    assert.throws(() => parseArgs(['--runs', 'three']), /--runs must be a positive integer/);
    assert.throws(() => parseArgs(['--papers', '-5']), /--papers must be a positive integer/);
    assert.throws(() => parseArgs(['--papers']), /--papers must be a positive integer/);
    assert.throws(() => parseArgs(['--quick']), /unknown option --quick/);
  });
});
