import * as assert from 'assert';
import { foldToAscii, normalizeTitle, stableHash, titleHash } from '../../src/core/normalize';
import { seededRandom } from '../../src/core/topics/kmeans';

/** normalizeTitle as the Unicode rule states it, with no ASCII shortcut. */
function unicodeRuleTitle(title: string): string {
  return foldToAscii(title).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Titles from every ASCII character, runs of separators at both ends included; every `nonAsciiEvery`th character comes from `extra`. */
function generatedTitles(count: number, seed: number, extra = ''): string[] {
  const random = seededRandom(seed);
  const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('') + 'aaaaeeeiioouu   ';
  const alphabet = ascii + extra;
  return Array.from({ length: count }, () => {
    let title = '';
    const length = Math.floor(random() * 24);
    for (let i = 0; i < length; i++) title += alphabet[Math.floor(random() * alphabet.length)];
    return title;
  });
}

describe('normalize', () => {
  it('folds accents and the letters NFKD leaves whole to ASCII', () => {
    assert.strictEqual(foldToAscii('Jörn Łukasz Straße Ærø Ça'), 'Jorn lukasz Strasse aero Ca');
    assert.strictEqual(foldToAscii('Plain ASCII stays as it is.'), 'Plain ASCII stays as it is.');
  });

  it('makes the merge key of a title from its lower-cased letters and digits, one space between words', () => {
    assert.strictEqual(normalizeTitle('  --Grokking: generalization, beyond overfitting!! '), 'grokking generalization beyond overfitting');
    assert.strictEqual(normalizeTitle('Grokking — Generalization Beyond Overfitting'), 'grokking generalization beyond overfitting');
    assert.strictEqual(normalizeTitle('GPT-4o\tand\nR1:\u00a0a 2x study'), 'gpt 4o and r1 a 2x study');
    assert.strictEqual(normalizeTitle('αβ-Model: 深度 Straße'), 'αβ model 深度 strasse');
    assert.strictEqual(normalizeTitle('?!'), '');
  });

  it('gives ASCII titles the key the Unicode letter-and-digit rule gives', () => {
    for (const title of generatedTitles(3000, 7)) assert.strictEqual(normalizeTitle(title), unicodeRuleTitle(title), JSON.stringify(title));
  });

  it('hashes to the same 16 hex digits on every machine', () => {
    assert.strictEqual(stableHash(''), '811c9dc5050c5d1f');
    assert.strictEqual(stableHash('a'), 'e40c292cf48bdf21');
    assert.strictEqual(stableHash('on the superlinear relationship between sgd noise covariance and loss landscape curvature'), '2b73256a24ff79c4');
  });

  it('hashes a title as stableHash of its normalised form, for ASCII and non-ASCII titles alike', () => {
    assert.strictEqual(titleHash('On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature'), '2b73256a24ff79c4');
    assert.strictEqual(titleHash('  --Grokking: generalization, beyond overfitting!! '), '51024b27d52eb0a5');
    assert.strictEqual(titleHash('Grokking — Generalization Beyond Overfitting'), '51024b27d52eb0a5');
    assert.strictEqual(titleHash('αβ-Model: 深度 Straße'), 'a82d41093b67fe6c');
    assert.strictEqual(titleHash(''), '811c9dc5050c5d1f');
    for (const title of [...generatedTitles(2000, 11), ...generatedTitles(1000, 13, 'éßÆ—深\u00a0\u2028ǅ')]) {
      assert.strictEqual(titleHash(title), stableHash(normalizeTitle(title)), JSON.stringify(title));
    }
  });
});
