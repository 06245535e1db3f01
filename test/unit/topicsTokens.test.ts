import * as assert from 'assert';
import { newTokenTable, tokenizeDoc, tokenizeOpening, type TokenTable, type TokenizedDoc } from '../../src/core/topics/features';
import { seededRandom } from '../../src/core/topics/kmeans';
import { cleanRaw, scanWords, tokenKey, WORD_PATTERN, type ScannedWord } from '../../src/core/topics/text';

function written(doc: TokenizedDoc, table: TokenTable): string {
  return Array.from(doc.tokens, (token) => (token < 0 ? '|' : table.keys[token])).join(' ');
}

describe('topic tokens (words found by their hashes while scanned)', () => {
  const title = 'Diffusion Models for Single-Cell Data';
  const abstract = 'Models of single-cell data, the SINGLE-CELL models; Schrödinger’s bridges and 𝐀𝐁 codes don’t X-ray 2024.';

  it('gives every spelling of a word one token, breaks phrases at punctuation and stop words, and notes where assignment stops', () => {
    const table = newTokenTable();
    const doc = tokenizeDoc(title, abstract, table, 6);
    assert.strictEqual(written(doc, table), '| diffusion model | single-cell data | model | single-cell data | single-cell model | schrödinger bridge | 𝐀𝐁 code dont x-ray |');
    assert.deepStrictEqual(table.keys, ['diffusion', 'model', 'single-cell', 'data', 'schrödinger', 'bridge', '𝐀𝐁', 'code', 'dont', 'x-ray']);
    assert.deepStrictEqual([doc.titleLength, doc.assignLength], [6, 13]);
  });

  it('cleans a word of possessives and apostrophes and writes its dashes as hyphens, and leaves a plain word as it is', () => {
    assert.deepStrictEqual(
      ['Schrödinger’s', "Hilbert's", 'don’t', "rock'n'roll", 'X‐ray', 'non‑linear', 'Bose–Einstein', 'plain', 'its'].map(cleanRaw),
      ['Schrödinger', 'Hilbert', 'dont', 'rocknroll', 'X-ray', 'non-linear', 'Bose-Einstein', 'plain', 'its'],
    );
  });

  it('reads a paper only as far as assignment needs, with the same tokens', () => {
    const table = newTokenTable();
    const full = tokenizeDoc(title, abstract, table, 6);
    const opening = tokenizeOpening(title, abstract, table, 6);
    assert.deepStrictEqual(Array.from(opening.tokens), Array.from(full.tokens.subarray(0, full.assignLength)));
    assert.deepStrictEqual([opening.titleLength, opening.assignLength], [6, 13]);
    const fresh = newTokenTable();
    assert.strictEqual(written(tokenizeOpening(title, abstract, fresh, 6), fresh), '| diffusion model | single-cell data | model | single-cell data | single-cell');
    assert.deepStrictEqual(fresh.keys, ['diffusion', 'model', 'single-cell', 'data']);
  });

  it('says when the start of an abstract gives the whole one\'s opening tokens, at every length it is cut to', () => {
    const texts = [abstract, 'One two three four five six-seven eight nine.', 'One two three four five six- seven.', 'Un deux trois quatre cinq 𝐀𝐁 sept huit.', "One two three four five six's seven."];
    for (const text of texts) {
      for (const words of [1, 5, 6, 7, 40]) {
        const table = newTokenTable();
        const whole = written(tokenizeOpening(title, text, table, words), table);
        let firstSettled = -1;
        for (let length = 0; length <= text.length; length++) {
          const start = tokenizeOpening(title, text.slice(0, length), table, words);
          if (!start.settled) continue;
          if (firstSettled < 0) firstSettled = length;
          assert.strictEqual(written(start, table), whole, `${words} words of "${text}" cut to ${length}`);
        }
        const wholeText = tokenizeOpening(title, text, table, words);
        assert.strictEqual(firstSettled >= 0, wholeText.settled, `${words} words of "${text}"`);
      }
    }
    // The second text's sixth word is "six-seven": settled only once the two characters after it are read, and not when cut after its hyphen.
    const table = newTokenTable();
    const second = texts[1];
    const settledFrom = [...Array(second.length + 1).keys()].find((length) => tokenizeOpening(title, second.slice(0, length), table, 6).settled);
    assert.strictEqual(settledFrom, 'One two three four five six-seven '.length + 1);
    assert.strictEqual(tokenizeOpening(title, second.slice(0, 'One two three four five six-'.length), table, 6).settled, false);
  });

  it('keeps tokens right past the growth of its word table (40,000 distinct words)', () => {
    const table = newTokenTable();
    const words = Array.from({ length: 40000 }, (_, i) => `w${i.toString(36)}x`);
    const doc = tokenizeDoc(words.join(' '), [...words].reverse().join(' '), table);
    const tokens = Array.from(doc.tokens);
    assert.strictEqual(table.keys.length, 40000);
    assert.deepStrictEqual(tokens.slice(1, 40001).map((token) => table.keys[token]), words);
    assert.deepStrictEqual(tokens.slice(40002).map((token) => table.keys[token]), [...words].reverse());
  });
});

describe('scanWords', () => {
  /** The words as WORD_PATTERN matches them, with the gap before each read by regular expressions: what scanWords gives. */
  function byPattern(text: string): ScannedWord[] {
    const words: ScannedWord[] = [];
    let previousEnd = 0;
    for (const match of text.matchAll(new RegExp(WORD_PATTERN.source, 'gu'))) {
      const gap = text.slice(previousEnd, match.index);
      previousEnd = match.index! + match[0].length;
      const raw = cleanRaw(match[0]);
      const first = words.length === 0;
      words.push({ raw, key: tokenKey(raw), sentenceStart: first || /[.!?]|\n/.test(gap), breakBefore: first || !/^[ \t]*$/.test(gap) });
    }
    return words;
  }
  const scanned = (text: string, memo?: Map<string, { raw: string; key: string | null }>): ScannedWord[] => {
    const words: ScannedWord[] = [];
    scanWords(text, (word) => words.push(word), memo);
    return words;
  };

  it('finds the words and gaps of the word pattern: compounds, possessives, sentence ends, punctuation, astral letters', () => {
    const text = 'Single-cell RNA-seq. Schrödinger’s bridges -- don’t X‐ray; 𝐀𝐁 codes!\nNew line 2024 and a - b, end-';
    assert.deepStrictEqual(scanned(text), byPattern(text));
    assert.deepStrictEqual(
      scanned(text).map((word) => `${word.raw}${word.sentenceStart ? '^' : ''}${word.breakBefore ? '|' : ''}`),
      ['Single-cell^|', 'RNA-seq', 'Schrödinger^|', 'bridges', 'dont|', 'X-ray', '𝐀𝐁|', 'codes', 'New^|', 'line', '2024', 'and', 'a', 'b|', 'end|'],
    );
  });

  it('agrees with the word pattern on 3,000 random texts of letters, digits, joiners, spaces, punctuation, marks and surrogates', () => {
    const alphabet = ['a', 'Z', 'é', 'ß', '漢', '7', '٣', ' ', ' ', '\t', '\n', '.', '!', '?', ',', ';', '(', "'", '’', '-', '‐', '‑', '–', '—', '\u0301', '𝔸', '😀', '\ud835', '\udd38', '\u00a0'];
    const random = seededRandom(19);
    const memo = new Map<string, { raw: string; key: string | null }>();
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.deepStrictEqual(scanned(text, n % 2 === 0 ? memo : undefined), byPattern(text), JSON.stringify(text));
    }
  });
});
