/** How a document writes citations: LaTeX `\cite{a,b}`, Pandoc `[@a; @b]`, Typst `@a @b`, or a formatted reference. */
export type CitationSyntax = 'latex' | 'pandoc' | 'typst' | 'formatted';

/** The syntaxes that cite by key (everything but a formatted reference). */
export type KeyedSyntax = Exclude<CitationSyntax, 'formatted'>;

const SYNTAX_OF_LANGUAGE: Readonly<Record<string, KeyedSyntax>> = {
  latex: 'latex',
  tex: 'latex',
  'latex-expl3': 'latex',
  doctex: 'latex',
  rsweave: 'latex',
  markdown: 'pandoc',
  quarto: 'pandoc',
  rmd: 'pandoc',
  rmarkdown: 'pandoc',
  pandoc: 'pandoc',
  typst: 'typst',
};

const SYNTAX_OF_EXTENSION: Readonly<Record<string, KeyedSyntax>> = {
  tex: 'latex',
  ltx: 'latex',
  latex: 'latex',
  rnw: 'latex',
  md: 'pandoc',
  markdown: 'pandoc',
  qmd: 'pandoc',
  rmd: 'pandoc',
  pmd: 'pandoc',
  typ: 'typst',
};

/** Language ids whose documents cite by key; the features register their providers for these. */
export const CITING_LANGUAGE_IDS: readonly string[] = Object.keys(SYNTAX_OF_LANGUAGE);

/** File extensions (without the dot) that cite by key even when no extension gives them a language. */
export const CITING_FILE_EXTENSIONS: readonly string[] = Object.keys(SYNTAX_OF_EXTENSION);

/**
 * The citation syntax of a document: its language id decides; a file name decides when the language is
 * unknown or plain text (a `.qmd` or `.typ` opened without the Quarto or Typst extension).
 */
export function citationSyntaxFor(languageId: string, fileName = ''): CitationSyntax {
  const byLanguage = SYNTAX_OF_LANGUAGE[languageId.toLowerCase()];
  if (byLanguage) return byLanguage;
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return (extension && SYNTAX_OF_EXTENSION[extension]) || 'formatted';
}
