// Launches Debian's Chromium (never a downloaded browser) with the flags this network needs, and serves
// the built app on loopback with vite preview.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test-results/screenshots');

export interface Session {
  browser: Browser;
  page: Page;
  url: string;
  /** Uncaught page errors and console errors, as they happened (from before the first navigation). */
  errors: string[];
  close(): Promise<void>;
}

export async function startApp(): Promise<{ url: string; server: PreviewServer }> {
  const server = await preview({ preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'silent' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL (run `vite build` first)');
  return { url, server };
}

/** The window sizes the workbench is judged at (issue 13): a laptop and a desktop. */
export const VIEWPORTS = { laptop: { width: 1280, height: 720 }, desktop: { width: 1920, height: 1080 } } as const;
export type Viewport = { width: number; height: number };

/** Set up on the browser context before the page first navigates (routes, init scripts). */
export type BeforeNavigation = (context: BrowserContext) => Promise<void>;

export async function openApp(viewport?: Viewport, before?: BeforeNavigation): Promise<Session> {
  const { url, server } = await startApp();
  return openUrl(url, () => server.close(), viewport, before);
}

/** Debian's Chromium on a fresh profile, at `url`; `onClose` stops whatever serves it. */
export async function openUrl(url: string, onClose: () => Promise<void> = async () => {}, viewport: Viewport = { width: 1400, height: 860 }, before?: BeforeNavigation): Promise<Session> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cni-studio-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    // Copy and paste as a person does them; loopback pages only.
    permissions: ['clipboard-read', 'clipboard-write'],
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await before?.(context);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  await page.goto(url);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    browser: context.browser()!,
    page,
    url,
    errors,
    async close() {
      await context.close();
      await onClose();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
