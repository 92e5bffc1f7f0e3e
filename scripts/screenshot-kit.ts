import path from 'node:path';
import type { Frame, Page } from 'playwright-core';

/** Where `npm run screenshots` and `npm run screenshots:actions` write, for the READMEs. */
export const OUT_DIR = path.resolve(__dirname, '..', 'docs', 'screenshots');

/** Waits until the design tokens' theme CSS has been applied, so nothing is shot half-themed. */
export async function themed(frame: Frame): Promise<void> {
  await frame.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '');
}

/** The whole tab as `docs/screenshots/<name>.png`, once transitions (tab underline, modal fade-in) settle. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(800);
  await page.screenshot({ path: path.join(OUT_DIR, `${name}.png`), fullPage: true });
  console.log(`docs/screenshots/${name}.png`);
}
