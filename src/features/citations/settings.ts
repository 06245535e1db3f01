import * as vscode from 'vscode';
import { DEFAULT_LATEX_COMMAND } from '../../core/citations';

export interface CitationSettings {
  latexCommand: string;
  /** Relative to the workspace folder (or absolute): the .bib used when a document names none. */
  bibliographyFile: string;
  cslStyle: string;
  askForLocator: boolean;
}

export const DEFAULT_BIBLIOGRAPHY_FILE = 'references.bib';
export const DEFAULT_CSL_STYLE = 'apa';

/** The `paperShelf.citation.*` settings for a document, read once per use. */
export function readCitationSettings(scope?: vscode.Uri): CitationSettings {
  const config = vscode.workspace.getConfiguration('paperShelf.citation', scope);
  return {
    latexCommand: config.get<string>('latexCommand')?.trim() || DEFAULT_LATEX_COMMAND,
    bibliographyFile: config.get<string>('bibliographyFile')?.trim() || DEFAULT_BIBLIOGRAPHY_FILE,
    cslStyle: config.get<string>('cslStyle')?.trim() || DEFAULT_CSL_STYLE,
    askForLocator: config.get<boolean>('askForLocator') ?? false,
  };
}
