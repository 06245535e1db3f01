import * as assert from 'assert';
import { foldedChar, tokenize } from '../../src/core/search/tokenize';

/** The fold as the search code defines it, worked out for one code unit from the rule. */
function foldByRule(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code;
  const char = String.fromCharCode(code);
  if (!/[\p{L}\p{N}]/u.test(char)) return 0;
  const lower = char.toLowerCase();
  const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
  return base.length === 1 ? base.charCodeAt(0) : lower.length === 1 ? lower.charCodeAt(0) : code;
}

describe('search terms (code units folded as they are first met)', () => {
  it('folds case and accents and splits on what is no letter or digit', () => {
    assert.deepStrictEqual(tokenize('Schrödinger’s ÉCOLE, Straße & 𝔼[x] — Ωmega2024'), ['schrodinger', 's', 'ecole', 'straße', '\ud835\udd3c', 'x', 'ωmega2024']);
  });

  it('gives every one of the 65,536 code units its fold by the rule, whichever it meets first', () => {
    // From the top down, so no code unit is met in the order a table built at start would fill it.
    const mismatched: string[] = [];
    for (let code = 0xffff; code >= 0; code--) if (foldedChar(code) !== foldByRule(code)) mismatched.push(code.toString(16));
    assert.deepStrictEqual(mismatched, []);
    assert.deepStrictEqual([0x41, 0xc9, 0x3a9, 0x2c, 0xffff].map(foldedChar), [0x61, 0x65, 0x3c9, 0, 0]);
  });
});
