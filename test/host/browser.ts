import * as fs from 'fs';
import * as path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import { chromiumPath } from './paths';

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Headless Debian Chromium with a fresh profile; signals are left to our own exit hooks. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} not found; install the Debian package chromium`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_FLAGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export function workbenchUrl(serverUrl: string, folder: string | undefined, payload?: [string, string][]): string {
  const url = new URL(serverUrl);
  if (folder) url.searchParams.set('folder', folder);
  else url.searchParams.set('ew', 'true');
  if (payload && payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/** A remote URI on the code-server host, the form the web workbench wants for development and test paths. */
export function remoteUri(serverUrl: string, absolutePath: string): string {
  return `vscode-remote://${new URL(serverUrl).host}${path.resolve(absolutePath)}`;
}

export async function saveScreenshot(page: Page, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}
