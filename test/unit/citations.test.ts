import * as assert from 'assert';
import {
  citationSyntaxFor,
  combineInsertions,
  findEnclosingCitation,
  formatCitation,
  latexLocator,
  pandocKeysIn,
  pandocLocator,
  planCitationInsertion,
  typstLocator,
  type CitationOptions,
  type KeyedSyntax,
} from '../../src/core/citations';

/** Applies a citation at every `|` of `marked` (a selection when two `|` enclose text after `^`), the way the editor does. */
function insertAt(syntax: KeyedSyntax, marked: string, keys: string[], options: CitationOptions = {}): string {
  const parts = marked.split('|');
  const text = parts.join('');
  const selections: { start: number; end: number }[] = [];
  let offset = 0;
  for (const part of parts.slice(0, -1)) {
    offset += part.length;
    selections.push({ start: offset, end: offset });
  }
  const plans = selections.map((selection) => planCitationInsertion(syntax, text, selection, keys, options));
  const combined = combineInsertions(text, plans, selections);
  // Marks the cursors in the result so tests pin where the user keeps typing.
  let result = combined.text;
  for (const cursor of [...combined.cursors].sort((a, b) => b - a)) result = `${result.slice(0, cursor)}|${result.slice(cursor)}`;
  return result;
}

describe('citationSyntaxFor', () => {
  it('writes LaTeX citations in latex and tex documents', () => {
    assert.strictEqual(citationSyntaxFor('latex', '/p/paper.tex'), 'latex');
    assert.strictEqual(citationSyntaxFor('tex', 'x'), 'latex');
  });

  it('writes Pandoc citations in Markdown, Quarto and R Markdown', () => {
    assert.strictEqual(citationSyntaxFor('markdown', 'notes.md'), 'pandoc');
    assert.strictEqual(citationSyntaxFor('quarto', 'a.qmd'), 'pandoc');
    assert.strictEqual(citationSyntaxFor('rmd', 'a.Rmd'), 'pandoc');
  });

  it('writes Typst references in typst documents', () => {
    assert.strictEqual(citationSyntaxFor('typst', 'main.typ'), 'typst');
  });

  it('falls back to the file extension when no extension gives the file a language', () => {
    assert.strictEqual(citationSyntaxFor('plaintext', '/w/report.qmd'), 'pandoc');
    assert.strictEqual(citationSyntaxFor('plaintext', '/w/analysis.Rmd'), 'pandoc');
    assert.strictEqual(citationSyntaxFor('plaintext', '/w/main.typ'), 'typst');
    assert.strictEqual(citationSyntaxFor('plaintext', 'C:\\w\\thesis.TEX'), 'latex');
  });

  it('inserts a formatted reference into anything else', () => {
    assert.strictEqual(citationSyntaxFor('plaintext', 'letter.txt'), 'formatted');
    assert.strictEqual(citationSyntaxFor('html', 'index.html'), 'formatted');
    assert.strictEqual(citationSyntaxFor('python', 'untitled'), 'formatted');
  });

  it('lets the language win over the extension (a .txt the user set to Markdown)', () => {
    assert.strictEqual(citationSyntaxFor('markdown', 'draft.txt'), 'pandoc');
  });
});

describe('formatCitation', () => {
  it('writes one key with the configured LaTeX command', () => {
    assert.strictEqual(formatCitation('latex', ['zhang2026superlinear']), '\\cite{zhang2026superlinear}');
    assert.strictEqual(formatCitation('latex', ['zhang2026superlinear'], { latexCommand: 'citep' }), '\\citep{zhang2026superlinear}');
    assert.strictEqual(formatCitation('latex', ['a'], { latexCommand: 'parencite' }), '\\parencite{a}');
  });

  it('joins several LaTeX keys with commas and no spaces', () => {
    assert.strictEqual(formatCitation('latex', ['a', 'b', 'c'], { latexCommand: 'autocite' }), '\\autocite{a,b,c}');
  });

  it('puts a LaTeX locator in the optional argument with a tie', () => {
    assert.strictEqual(formatCitation('latex', ['a'], { locator: 'p. 3' }), '\\cite[p.~3]{a}');
    assert.strictEqual(formatCitation('latex', ['a', 'b'], { latexCommand: 'citep', locator: 'pp. 3-5' }), '\\citep[pp.~3--5]{a,b}');
  });

  it('falls back to \\cite when the configured command is not a command name', () => {
    assert.strictEqual(formatCitation('latex', ['a'], { latexCommand: 'cite}{x' }), '\\cite{a}');
    assert.strictEqual(formatCitation('latex', ['a'], { latexCommand: '\\textcite' }), '\\textcite{a}');
  });

  it('writes Pandoc citations as [@a; @b] with the locator after the last key', () => {
    assert.strictEqual(formatCitation('pandoc', ['a']), '[@a]');
    assert.strictEqual(formatCitation('pandoc', ['a', 'b']), '[@a; @b]');
    assert.strictEqual(formatCitation('pandoc', ['a'], { locator: 'p. 3' }), '[@a, p. 3]');
    assert.strictEqual(formatCitation('pandoc', ['a', 'b'], { locator: 'chap. 2' }), '[@a; @b, chap. 2]');
  });

  it('writes Typst references separated by spaces, the locator as a supplement', () => {
    assert.strictEqual(formatCitation('typst', ['a']), '@a');
    assert.strictEqual(formatCitation('typst', ['a', 'b']), '@a @b');
    assert.strictEqual(formatCitation('typst', ['a'], { locator: 'p. 3' }), '@a[p. 3]');
  });

  it('ignores a locator that is only spaces', () => {
    assert.strictEqual(formatCitation('pandoc', ['a'], { locator: '   ' }), '[@a]');
    assert.strictEqual(formatCitation('latex', ['a'], { locator: ' ' }), '\\cite{a}');
  });
});

describe('locators', () => {
  it('escapes what would break a LaTeX optional argument', () => {
    assert.strictEqual(latexLocator('p. 3 & 5%'), 'p.~3 \\& 5\\%');
    assert.strictEqual(latexLocator('fig. [2]'), 'fig.~[2{]}');
    assert.strictEqual(latexLocator('sec_2 #1'), 'sec\\_2 \\#1');
  });

  it('turns number ranges into en-dashes in LaTeX', () => {
    assert.strictEqual(latexLocator('pp. 10 – 12'), 'pp.~10--12');
    assert.strictEqual(latexLocator('pp. 10--12'), 'pp.~10--12');
  });

  it('escapes the characters that would end or split a Pandoc citation', () => {
    assert.strictEqual(pandocLocator('p. 3; see [x] @y'), 'p. 3\\; see \\[x\\] \\@y');
  });

  it('escapes Typst markup in a supplement', () => {
    assert.strictEqual(typstLocator('p. 3 #x *y* @z'), 'p. 3 \\#x \\*y\\* \\@z');
  });
});

describe('findEnclosingCitation', () => {
  it('finds the LaTeX citation around a cursor inside its braces, with its keys', () => {
    const text = 'See \\citep[p.~2]{alpha, beta} for details.';
    const found = findEnclosingCitation('latex', text, text.indexOf('beta'));
    assert.ok(found);
    assert.deepStrictEqual(found.keys, ['alpha', 'beta']);
    assert.strictEqual(text.slice(found.start, found.end), '\\citep[p.~2]{alpha, beta}');
    assert.strictEqual(found.hasOptionalArgument, true);
    assert.strictEqual(text.slice(found.contentStart, found.contentEnd), 'alpha, beta');
  });

  it('does not treat a cursor just before the backslash or after the closing brace as inside', () => {
    const text = 'A \\cite{a} B';
    assert.strictEqual(findEnclosingCitation('latex', text, text.indexOf('\\')), undefined);
    assert.strictEqual(findEnclosingCitation('latex', text, text.indexOf('}') + 1), undefined);
    assert.ok(findEnclosingCitation('latex', text, text.indexOf('}')));
  });

  it('recognises any \\…cite… command and a starred form', () => {
    for (const command of ['\\nocite{a}', '\\Textcite{a}', '\\citeauthor*{a}', '\\footcite[see][12]{a}']) {
      const found = findEnclosingCitation('latex', command, command.indexOf('{a') + 1);
      assert.deepStrictEqual(found?.keys, ['a'], command);
    }
  });

  it('ignores LaTeX commands that are not citations', () => {
    const text = '\\ref{fig:a} \\label{sec}';
    assert.strictEqual(findEnclosingCitation('latex', text, text.indexOf('fig')), undefined);
  });

  it('finds a Pandoc citation with prefixes, locators and suppressed authors', () => {
    const text = 'As shown [see @smith2020, p. 4; -@jones2021] before.';
    const found = findEnclosingCitation('pandoc', text, text.indexOf('p. 4'));
    assert.deepStrictEqual(found?.keys, ['smith2020', 'jones2021']);
    assert.strictEqual(text.slice(found!.start, found!.end), '[see @smith2020, p. 4; -@jones2021]');
  });

  it('does not take a Markdown link, an image or an e-mail in brackets for a citation', () => {
    const link = 'Read [the @docs page](https://x.org).';
    assert.strictEqual(findEnclosingCitation('pandoc', link, link.indexOf('docs')), undefined);
    const image = '![@figure one](a.png)';
    assert.strictEqual(findEnclosingCitation('pandoc', image, 5), undefined);
    const mail = 'Write to [me@example.org] now.';
    assert.strictEqual(findEnclosingCitation('pandoc', mail, mail.indexOf('example')), undefined);
  });

  it('does not reach across a blank line to find a bracket', () => {
    const text = '[@a\n\nb] and more';
    assert.strictEqual(findEnclosingCitation('pandoc', text, text.indexOf('b]')), undefined);
  });

  it('has no enclosing citation in Typst, where each reference stands alone', () => {
    assert.strictEqual(findEnclosingCitation('typst', '@a @b', 2), undefined);
  });
});

describe('pandocKeysIn', () => {
  it('reads keys with internal punctuation but not trailing punctuation', () => {
    assert.deepStrictEqual(pandocKeysIn('@doe:2020.a; @x_y-z.'), ['doe:2020.a', 'x_y-z']);
  });

  it('reads the braced form and skips e-mail addresses', () => {
    assert.deepStrictEqual(pandocKeysIn('@{odd key}; mail me@x.org'), ['odd key']);
  });
});

describe('planCitationInsertion and combineInsertions', () => {
  it('inserts a new LaTeX citation at the cursor', () => {
    assert.strictEqual(insertAt('latex', 'As shown by |.', ['zhang2026superlinear']), 'As shown by \\cite{zhang2026superlinear}|.');
  });

  it('inserts several keys and a locator in one LaTeX citation', () => {
    assert.strictEqual(insertAt('latex', 'Text |', ['a', 'b'], { latexCommand: 'citep', locator: 'p. 3' }), 'Text \\citep[p.~3]{a,b}|');
  });

  it('joins \\cite{a,|} instead of nesting a new citation', () => {
    assert.strictEqual(insertAt('latex', '\\cite{a,|}', ['b']), '\\cite{a,b|}');
    assert.strictEqual(insertAt('latex', '\\cite{a, |}', ['b', 'c']), '\\cite{a, b,c|}');
  });

  it('adds a comma when the cursor is right after a key', () => {
    assert.strictEqual(insertAt('latex', '\\cite{a|}', ['b']), '\\cite{a,b|}');
  });

  it('puts the new key after the key the cursor is in, not inside it', () => {
    assert.strictEqual(insertAt('latex', '\\cite{al|pha,gamma}', ['beta']), '\\cite{alpha,beta|,gamma}');
  });

  it('puts the new key before the next one when the cursor is at the start of the list', () => {
    assert.strictEqual(insertAt('latex', '\\cite{|a}', ['b']), '\\cite{b|,a}');
  });

  it('adds keys at the end when the cursor is on the command name', () => {
    assert.strictEqual(insertAt('latex', '\\ci|te{a}', ['b']), '\\cite{a,b|}');
  });

  it('skips keys the citation already holds', () => {
    assert.strictEqual(insertAt('latex', '\\cite{a,|}', ['a', 'b']), '\\cite{a,b|}');
    assert.strictEqual(insertAt('latex', '\\cite{a|}', ['a']), '\\cite{a|}');
    const plan = planCitationInsertion('pandoc', '[@a; @b]', { start: 3, end: 3 }, ['b', 'c']);
    assert.deepStrictEqual(plan.alreadyCited, ['b']);
    assert.deepStrictEqual(plan.edits, [{ start: 3, end: 3, text: '; @c' }]);
  });

  it('adds a locator to a joined LaTeX citation that has no optional argument', () => {
    assert.strictEqual(insertAt('latex', '\\citep{a|}', ['b'], { locator: 'p. 7' }), '\\citep[p.~7]{a,b|}');
  });

  it('keeps the existing optional argument and reports the locator as dropped', () => {
    const text = '\\citep[ch.~2]{a}';
    const plan = planCitationInsertion('latex', text, { start: 15, end: 15 }, ['b'], { locator: 'p. 7' });
    assert.strictEqual(plan.locatorDropped, true);
    assert.strictEqual(combineInsertions(text, [plan], [{ start: 15, end: 15 }]).text, '\\citep[ch.~2]{a,b}');
  });

  it('inserts a new Pandoc citation, spaced from the word before it', () => {
    assert.strictEqual(insertAt('pandoc', 'as shown|.', ['a', 'b']), 'as shown [@a; @b]|.');
    assert.strictEqual(insertAt('pandoc', 'as shown |.', ['a']), 'as shown [@a]|.');
  });

  it('inserts a Pandoc citation with a locator', () => {
    assert.strictEqual(insertAt('pandoc', 'Text |', ['a'], { locator: 'p. 3' }), 'Text [@a, p. 3]|');
  });

  it('joins [@a; |] and [@a|] instead of nesting', () => {
    assert.strictEqual(insertAt('pandoc', '[@a; |]', ['b']), '[@a; @b|]');
    assert.strictEqual(insertAt('pandoc', '[@a;|]', ['b']), '[@a; @b|]');
    assert.strictEqual(insertAt('pandoc', '[@a|]', ['b', 'c']), '[@a; @b; @c|]');
  });

  it('joins after the locator of the item the cursor is in', () => {
    assert.strictEqual(insertAt('pandoc', '[@a, p.| 3; @c]', ['b']), '[@a, p. 3; @b|; @c]');
  });

  it('joins before the next item when the cursor follows a semicolon', () => {
    assert.strictEqual(insertAt('pandoc', '[@a; |@c]', ['b']), '[@a; @b|; @c]');
  });

  it('adds a locator to the keys joining a Pandoc citation', () => {
    assert.strictEqual(insertAt('pandoc', '[@a|]', ['b'], { locator: 'p. 3' }), '[@a; @b, p. 3|]');
  });

  it('writes Typst references spaced from a word or a reference before them', () => {
    assert.strictEqual(insertAt('typst', 'As in|.', ['a', 'b']), 'As in @a @b|.');
    assert.strictEqual(insertAt('typst', 'See @a|', ['b']), 'See @a @b|');
    assert.strictEqual(insertAt('typst', 'See |now', ['b']), 'See @b| now');
  });

  it('inserts at two cursors, each in its own context', () => {
    assert.strictEqual(
      insertAt('latex', 'One |. Two \\cite{x,|}.', ['a']),
      'One \\cite{a}|. Two \\cite{x,a|}.',
    );
    assert.strictEqual(insertAt('pandoc', '- |\n- [@x|]\n', ['a']), '- [@a]|\n- [@x; @a|]\n');
  });

  it('joins a citation holding two cursors once', () => {
    assert.strictEqual(insertAt('pandoc', '[@x|; @y|]', ['a']), '[@x; @a||; @y]');
  });

  it('replaces a selection that is not inside a citation', () => {
    const text = 'cite HERE now';
    const selection = { start: 5, end: 9 };
    const plan = planCitationInsertion('pandoc', text, selection, ['a']);
    const combined = combineInsertions(text, [plan], [selection]);
    assert.strictEqual(combined.text, 'cite [@a] now');
    assert.deepStrictEqual(combined.cursors, [9]);
  });

  it('joins instead of replacing when the selection lies inside one citation', () => {
    const text = '\\cite{alpha}';
    const selection = { start: 6, end: 11 };
    const plan = planCitationInsertion('latex', text, selection, ['b']);
    assert.strictEqual(combineInsertions(text, [plan], [selection]).text, '\\cite{alpha,b}');
  });

  it('never duplicates a key given twice', () => {
    assert.strictEqual(insertAt('pandoc', '|', ['a', 'a', 'b']), '[@a; @b]|');
  });
});
