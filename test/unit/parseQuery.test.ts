import * as assert from 'assert';
import { parseQuery, parseRange } from '../../src/core/search/parseQuery';

describe('parseQuery', () => {
  it('reads free words as lower-cased AND groups and marks the last one as a prefix being typed', () => {
    assert.deepStrictEqual(parseQuery('Neural Diffus').groups, [
      [{ kind: 'word', text: 'neural', negated: false, prefix: false }],
      [{ kind: 'word', text: 'diffus', negated: false, prefix: true }],
    ]);
  });

  it('does not treat the last word as a prefix once a space follows it', () => {
    assert.deepStrictEqual(parseQuery('diffusion ').groups, [[{ kind: 'word', text: 'diffusion', negated: false, prefix: false }]]);
  });

  it('folds accents so a query for jörn and one for jorn read the same term', () => {
    assert.deepStrictEqual(parseQuery('Jörn ').groups, [[{ kind: 'word', text: 'jorn', negated: false, prefix: false }]]);
  });

  it('reads author:, topic:, year: and upvotes: filters', () => {
    assert.deepStrictEqual(parseQuery('author:Tu topic:diffusion year:2025 upvotes:>2').groups, [
      [{ kind: 'author', text: 'Tu', tokens: ['tu'], negated: false }],
      [{ kind: 'topic', text: 'diffusion', tokens: ['diffusion'], negated: false }],
      [{ kind: 'year', range: { min: 2025, max: 2025 }, negated: false }],
      [{ kind: 'upvotes', range: { min: 3, max: Infinity }, negated: false }],
    ]);
  });

  it('accepts field names in any case and the aliases authors:, by: and votes:', () => {
    assert.deepStrictEqual(parseQuery('AUTHORS:chung by:tu Votes:<=4').groups, [
      [{ kind: 'author', text: 'chung', tokens: ['chung'], negated: false }],
      [{ kind: 'author', text: 'tu', tokens: ['tu'], negated: false }],
      [{ kind: 'upvotes', range: { min: -Infinity, max: 4 }, negated: false }],
    ]);
  });

  it('reads a quoted filter value as one name', () => {
    assert.deepStrictEqual(parseQuery('author:"Jörn Dunkel" x').groups, [
      [{ kind: 'author', text: 'Jörn Dunkel', tokens: ['jorn', 'dunkel'], negated: false }],
      [{ kind: 'word', text: 'x', negated: false, prefix: true }],
    ]);
  });

  it('reads year comparisons and ranges', () => {
    const ranges = ['year:>2023', 'year:>=2023', 'year:<2023', 'year:<=2023', 'year:2020..2023', 'year:2023-2020'].map(
      (text) => (parseQuery(text).groups[0][0] as { range: unknown }).range,
    );
    assert.deepStrictEqual(ranges, [
      { min: 2024, max: Infinity },
      { min: 2023, max: Infinity },
      { min: -Infinity, max: 2022 },
      { min: -Infinity, max: 2023 },
      { min: 2020, max: 2023 },
      { min: 2020, max: 2023 },
    ]);
  });

  it('returns no range for values that are not numbers or comparisons', () => {
    assert.deepStrictEqual(['', 'abc', '>', '20x', '1..', '..2', '>=-3'].map(parseRange), [undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('ignores a known filter whose value is still empty or unreadable, so typing `year:` keeps the other words', () => {
    assert.deepStrictEqual(parseQuery('noise year: upvotes:lots author:').groups, [[{ kind: 'word', text: 'noise', negated: false, prefix: false }]]);
  });

  it('treats an unknown field as plain words', () => {
    assert.deepStrictEqual(parseQuery('method:diffusion ').groups, [
      [{ kind: 'word', text: 'method', negated: false, prefix: false }],
      [{ kind: 'word', text: 'diffusion', negated: false, prefix: false }],
    ]);
  });

  it('reads a quoted phrase with its tokens, keeping the text as typed', () => {
    assert.deepStrictEqual(parseQuery('"Score  Matching" noise ').groups, [
      [{ kind: 'phrase', text: 'Score  Matching', tokens: ['score', 'matching'], negated: false }],
      [{ kind: 'word', text: 'noise', negated: false, prefix: false }],
    ]);
  });

  it('reads an unclosed quote as a phrase running to the end', () => {
    assert.deepStrictEqual(parseQuery('noise "loss land').groups, [
      [{ kind: 'word', text: 'noise', negated: false, prefix: false }],
      [{ kind: 'phrase', text: 'loss land', tokens: ['loss', 'land'], negated: false }],
    ]);
  });

  it('joins terms and phrases around OR into one group', () => {
    assert.deepStrictEqual(parseQuery('"diffusion" OR "score matching" OR flows ').groups, [
      [
        { kind: 'phrase', text: 'diffusion', tokens: ['diffusion'], negated: false },
        { kind: 'phrase', text: 'score matching', tokens: ['score', 'matching'], negated: false },
        { kind: 'word', text: 'flows', negated: false, prefix: false },
      ],
    ]);
  });

  it('reads lower-case or as a word and ignores an OR with nothing on one side', () => {
    assert.deepStrictEqual(parseQuery('OR cats or dogs OR ').groups, [
      [{ kind: 'word', text: 'cats', negated: false, prefix: false }],
      [{ kind: 'word', text: 'or', negated: false, prefix: false }],
      [{ kind: 'word', text: 'dogs', negated: false, prefix: false }],
    ]);
  });

  it('keeps a hyphenated word inside OR as one phrase alternative', () => {
    assert.deepStrictEqual(parseQuery('speed-accuracy OR tradeoff ').groups, [
      [
        { kind: 'phrase', text: 'speed-accuracy', tokens: ['speed', 'accuracy'], negated: false },
        { kind: 'word', text: 'tradeoff', negated: false, prefix: false },
      ],
    ]);
  });

  it('splits a hyphenated word outside OR into words that must all match', () => {
    assert.deepStrictEqual(parseQuery('speed-accuracy').groups, [
      [{ kind: 'word', text: 'speed', negated: false, prefix: false }],
      [{ kind: 'word', text: 'accuracy', negated: false, prefix: true }],
    ]);
  });

  it('reads a leading minus as exclusion of a word, a phrase or a filter', () => {
    assert.deepStrictEqual(parseQuery('-protein -"score matching" -author:tu -year:2024').groups, [
      [{ kind: 'word', text: 'protein', negated: true, prefix: false }],
      [{ kind: 'phrase', text: 'score matching', tokens: ['score', 'matching'], negated: true }],
      [{ kind: 'author', text: 'tu', tokens: ['tu'], negated: true }],
      [{ kind: 'year', range: { min: 2024, max: 2024 }, negated: true }],
    ]);
  });

  it('marks a bare year between 1900 and 2100 so the index can use it as a year filter', () => {
    assert.deepStrictEqual(parseQuery('tu 2026 1850').groups, [
      [{ kind: 'word', text: 'tu', negated: false, prefix: false }],
      [{ kind: 'word', text: '2026', negated: false, prefix: false, year: 2026 }],
      [{ kind: 'word', text: '1850', negated: false, prefix: true }],
    ]);
  });

  it('reads a year inside OR as a word, not a year filter', () => {
    assert.deepStrictEqual(parseQuery('2024 OR 2025 ').groups, [
      [
        { kind: 'word', text: '2024', negated: false, prefix: false },
        { kind: 'word', text: '2025', negated: false, prefix: false },
      ],
    ]);
  });

  it('skips lone punctuation, colons and minus signs', () => {
    assert.deepStrictEqual(parseQuery(' - : -- "" " ').groups, []);
    assert.deepStrictEqual(parseQuery('').groups, []);
  });

  it('keeps the original text', () => {
    assert.strictEqual(parseQuery('  Tu 2026 ').text, '  Tu 2026 ');
  });

  it('never throws on random input, including unbalanced quotes, lone colons and dashes', () => {
    const alphabet = ['a', 'Z', 'ö', ' ', ' ', '"', ':', '-', '>', '<', '=', '.', '2', '0', 'OR', 'author:', 'year:', 'topic:', 'upvotes:', '\u0000', '\uD835', '𝔼', '\n', '\\', '(', ')', '*'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let run = 0; run < 3000; run++) {
      let text = '';
      const length = Math.floor(random() * 20);
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(random() * alphabet.length)];
      const parsed = parseQuery(text);
      assert.strictEqual(parsed.text, text);
      for (const group of parsed.groups) assert.ok(group.length > 0, `empty group for ${JSON.stringify(text)}`);
    }
  });

  it('returns an empty query for input that is not a string', () => {
    assert.deepStrictEqual(parseQuery(undefined as unknown as string), { text: '', groups: [] });
  });
});
