/** The panel's button icons, drawn for Paper Shelf on a 16px grid; inline so they need no fetch and take the text colour. */
const ICON_PATHS = {
  quote: 'M2 3.5h5V8c0 2.4-1.4 3.9-3.8 4.4l-.4-1.2C5 10.9 5.8 10.2 5.9 9H2V3.5zm7 0h5V8c0 2.4-1.4 3.9-3.8 4.4l-.4-1.2c1.2-.3 2-1 2.1-2.2H9V3.5z',
  copy: 'M5 1h8.5l.5.5V11l-.5.5H11v-1h2V2H6v1H5V1.5zM2.5 4H10l.5.5v10l-.5.5H2.5l-.5-.5v-10l.5-.5zM3 5v9h6.5V5H3z',
  note: 'M3.5 1h6.7l.4.1 3.2 3.3.2.4v9.7l-.5.5h-10l-.5-.5v-13l.5-.5zM4 2v12h9V5.5h-3.5L9 5V2H4zm6 .7V4.5h1.8L10 2.7zM5.5 7.5h6v1h-6v-1zm0 2h6v1h-6v-1zm0 2h4v1h-4v-1z',
  tree: 'M1.5 1.5h5v3h-5v-3zm1 1v1h3v-1h-3zM3.5 4.5h1V7H8v1H4.5v3.5H8v1H3.5V4.5zM8.5 6h6v3h-6V6zm1 1v1h4V7h-4zm-1 3.5h6v3h-6v-3zm1 1v1h4v-1h-4z',
} as const;

export type IconName = keyof typeof ICON_PATHS;

export function iconSvg(name: IconName): string {
  return `<svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="${ICON_PATHS[name]}"/></svg>`;
}
