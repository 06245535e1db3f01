import * as assert from 'assert';
import { citationKeyAt, completionContext, type KeyedSyntax } from '../../src/core/citations';

/** The completion context at the end of `before`, as [prefix, start, siblings] or undefined. */
function contextOf(syntax: KeyedSyntax, before: string): [string, number, string[]] | undefined {
  const context = completionContext(syntax, before);
  return context && [context.prefix, context.start, context.siblingKeys];
}

/** The key under the `|` of `marked`. */
function keyAt(syntax: KeyedSyntax, marked: string): string | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const found = citationKeyAt(syntax, text, offset);
  if (found) assert.strictEqual(text.slice(found.start, found.end), found.key);
  return found?.key;
}

describe('completionContext: LaTeX', () => {
  it('completes right after \\cite{ with an empty prefix', () => {
    assert.deepStrictEqual(contextOf('latex', 'See \\cite{'), ['', 10, []]);
  });

  it('completes the key being typed after any cite command, starred or with optional arguments', () => {
    assert.deepStrictEqual(contextOf('latex', '\\citep{zha'), ['zha', 7, []]);
    assert.deepStrictEqual(contextOf('latex', '\\autocite*[see][p.~3]{tri'), ['tri', 22, []]);
    assert.deepStrictEqual(contextOf('latex', '\\parencite {x'), ['x', 12, []]);
    assert.deepStrictEqual(contextOf('latex', '\\nocite{'), ['', 8, []]);
  });

  it('completes after a comma and reports the keys already in the citation', () => {
    assert.deepStrictEqual(contextOf('latex', '\\cite{alpha, beta,'), ['', 18, ['alpha', 'beta']]);
    assert.deepStrictEqual(contextOf('latex', '\\cite{alpha, ga'), ['ga', 13, ['alpha']]);
  });

  it('completes across a line break inside the braces', () => {
    assert.deepStrictEqual(contextOf('latex', '\\cite{alpha,\n  be'), ['be', 15, ['alpha']]);
  });

  it('does not complete after the citation is closed, in other commands or in comments', () => {
    assert.strictEqual(contextOf('latex', '\\cite{a} and '), undefined);
    assert.strictEqual(contextOf('latex', '\\ref{fig'), undefined);
    assert.strictEqual(contextOf('latex', '% \\cite{'), undefined);
  });

  it('completes after an escaped percent sign, which is not a comment', () => {
    assert.deepStrictEqual(contextOf('latex', 'Pay 5\\% less \\cite{'), ['', 19, []]);
  });

  it('does not complete after a space inside a key', () => {
    assert.strictEqual(contextOf('latex', '\\cite{alpha beta'), undefined);
  });
});

describe('completionContext: Pandoc', () => {
  it('completes after [@ and after a space and @', () => {
    assert.deepStrictEqual(contextOf('pandoc', 'Shown [@'), ['', 8, []]);
    assert.deepStrictEqual(contextOf('pandoc', 'Shown [@zh'), ['zh', 8, []]);
    assert.deepStrictEqual(contextOf('pandoc', 'As @tri'), ['tri', 4, []]);
    assert.deepStrictEqual(contextOf('pandoc', '@'), ['', 1, []]);
  });

  it('completes the next key after a semicolon and a suppressed author', () => {
    assert.deepStrictEqual(contextOf('pandoc', '[@a; @b'), ['b', 6, []]);
    assert.deepStrictEqual(contextOf('pandoc', '[@a;@'), ['', 5, []]);
    assert.deepStrictEqual(contextOf('pandoc', 'Smith says [-@smi'), ['smi', 14, []]);
  });

  it('does not complete inside an e-mail address', () => {
    assert.strictEqual(contextOf('pandoc', 'write to jane@exa'), undefined);
    assert.strictEqual(contextOf('pandoc', 'write to jane@'), undefined);
    assert.strictEqual(contextOf('pandoc', 'a-@b'), undefined);
  });

  it('does not complete inside code', () => {
    assert.strictEqual(contextOf('pandoc', 'run `git log @'), undefined);
    assert.strictEqual(contextOf('pandoc', '```python\n@decorator'), undefined);
    assert.deepStrictEqual(contextOf('pandoc', '```\ncode\n```\nSee [@'), ['', 19, []]);
  });

  it('keeps internal punctuation of a key being typed', () => {
    assert.deepStrictEqual(contextOf('pandoc', '[@doe:2020.'), ['doe:2020.', 2, []]);
  });
});

describe('completionContext: Typst', () => {
  it('completes after an @ that starts a reference', () => {
    assert.deepStrictEqual(contextOf('typst', 'As shown in @'), ['', 13, []]);
    assert.deepStrictEqual(contextOf('typst', 'As shown in @zha'), ['zha', 13, []]);
    assert.deepStrictEqual(contextOf('typst', '(@a'), ['a', 2, []]);
  });

  it('does not complete inside an e-mail address or after an escaped @', () => {
    assert.strictEqual(contextOf('typst', 'mail me@example'), undefined);
    assert.strictEqual(contextOf('typst', 'literal \\@'), undefined);
  });
});

describe('citationKeyAt', () => {
  it('finds each key of a multi-key LaTeX citation', () => {
    assert.strictEqual(keyAt('latex', '\\cite{alp|ha, beta}'), 'alpha');
    assert.strictEqual(keyAt('latex', '\\cite{alpha, |beta}'), 'beta');
    assert.strictEqual(keyAt('latex', '\\cite{alpha, beta|}'), 'beta');
    assert.strictEqual(keyAt('latex', '\\citep[p.~3]{alpha,|beta}'), 'beta');
  });

  it('finds no key on the command, in the optional argument or outside', () => {
    assert.strictEqual(keyAt('latex', '\\ci|te{alpha}'), undefined);
    assert.strictEqual(keyAt('latex', '\\cite[p|.~3]{alpha}'), undefined);
    assert.strictEqual(keyAt('latex', 'text| \\cite{alpha}'), undefined);
  });

  it('finds Pandoc keys in brackets, in text and with the cursor on the @', () => {
    assert.strictEqual(keyAt('pandoc', '[@a; @be|ta, p. 3]'), 'beta');
    assert.strictEqual(keyAt('pandoc', '[|@alpha]'), 'alpha');
    assert.strictEqual(keyAt('pandoc', 'As @smith2020| says'), 'smith2020');
    assert.strictEqual(keyAt('pandoc', '[-@jo|nes]'), 'jones');
  });

  it('leaves trailing punctuation out of a Pandoc key and keeps internal punctuation', () => {
    assert.strictEqual(keyAt('pandoc', 'As @doe:2020.a|.'), 'doe:2020.a');
    assert.strictEqual(keyAt('pandoc', 'Shown by @sm|ith.'), 'smith');
  });

  it('reads the braced Pandoc form', () => {
    assert.strictEqual(keyAt('pandoc', '[@{odd|key}]'), 'oddkey');
  });

  it('finds no key in an e-mail address', () => {
    assert.strictEqual(keyAt('pandoc', 'jane@exa|mple.org'), undefined);
    assert.strictEqual(keyAt('typst', 'jane@exa|mple.org'), undefined);
  });

  it('finds Typst references, without a trailing period', () => {
    assert.strictEqual(keyAt('typst', 'See @zhang2026|.'), 'zhang2026');
    assert.strictEqual(keyAt('typst', '@a @b|[p. 3]'), 'b');
  });
});
