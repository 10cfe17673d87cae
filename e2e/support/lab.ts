// The live lab's e2e setup, shared: a real helper serving the built app (its own lock, audit log and IPAM
// folder in a temporary directory, removed afterwards), the page opened at the helper's address, and the
// gestures every lab scenario starts with: import a network, give it a port mapping, connect.
import { afterAll, beforeAll, expect } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { createLabServer, type LabServer } from '../../src/helper/server';
import { findPlugin } from '../../src/helper/probe';
import { openUrl, type Session, type Viewport } from './browser';
import { Studio } from './studio';

export const SYSTEM_CNI_PATH = ['/usr/lib/cni', '/opt/cni/bin'];
/** Root and Debian's bridge and portmap: what the live scenarios need (in CI they must run). */
export const LAB_READY = process.getuid?.() === 0 && findPlugin('bridge', SYSTEM_CNI_PATH) !== undefined && findPlugin('portmap', SYSTEM_CNI_PATH) !== undefined;

export interface LabHelper {
  /** The temporary folder (its `ipam` subfolder is for the network's host-local dataDir). */
  readonly tmp: string;
  server(): LabServer;
  session(): Session;
}

/** In a describe block: starts a helper (plugins from `cniPath`) and opens the page at its address; both go afterwards. */
export function useLabHelper(prefix: string, viewport: Viewport, token: string, cniPath: string[] = SYSTEM_CNI_PATH): LabHelper {
  const tmp = mkdtempSync(join(tmpdir(), `${prefix}-`));
  let server: LabServer | undefined;
  let session: Session | undefined;
  beforeAll(async () => {
    server = await createLabServer({ host: '127.0.0.1', port: 0, token, allowOrigins: [], cniPath, appDir: resolve('dist'), lockPath: join(tmp, 'lock'), auditLog: join(tmp, 'audit.log') });
    // Opened at the helper's address without its token link: what a person does after a restart.
    session = await openUrl(`${server.url}/`, () => server!.close(), viewport);
  });
  afterAll(async () => {
    await session?.close();
    rmSync(tmp, { recursive: true, force: true });
  });
  return { tmp, server: () => server!, session: () => session! };
}

/** Imports a network by pasting it, and gives it one port mapping in the preview's runtime inputs (host port `hostPort` when given). */
export async function importWithPortMapping(page: Page, network: object, hostPort?: number): Promise<void> {
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-text').fill(JSON.stringify(network));
  await page.getByRole('button', { name: 'Import', exact: true }).last().click();
  await new Studio(page).expectChain(['bridge', 'portmap']);
  await page.getByTestId('tab-preview').click();
  await page.getByTestId('add-port-mapping').click();
  if (hostPort !== undefined) await page.getByTestId('cap-portMappings').getByLabel('host port').fill(String(hostPort));
  await page.getByTestId('tab-lab').click();
}

/** Connects the Live lab to the helper with its token, and waits for the probe (root). */
export async function connectLab(page: Page, token: string): Promise<void> {
  await page.getByTestId('lab-token').fill(token);
  await page.getByTestId('lab-connect').click();
  await expect.poll(() => page.getByTestId('lab-probe').textContent(), { timeout: 10_000 }).toContain('root');
}
