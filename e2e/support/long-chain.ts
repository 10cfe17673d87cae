// The 150-plugin chain the long-chain e2e files import: a bridge with its IPAM, then the chained plugins in turn.
import type { Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import type { Studio } from './studio';

const CHAINED = ['tuning', 'portmap', 'bandwidth', 'firewall', 'sbr'];

export const LONG_CHAIN = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'long',
  plugins: [{ type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', subnet: '10.1.0.0/24' } }, ...Array.from({ length: 149 }, (_, i) => ({ type: CHAINED[i % CHAINED.length] }))],
});

/** The long chain imported once before a file's tests, its first node drawn. */
export function importBeforeAll(app: { readonly studio: Studio; readonly session: { page: Page } }) {
  beforeAll(async () => {
    await app.studio.importText(LONG_CHAIN);
    await app.session.page.locator('.plugin-node').first().waitFor();
  });
}

/**
 * The long chain imported afresh (the tests before may have moved plugins); gives back how to read the first
 * three plugins' types, from their nodes (a long chain draws only the nodes in view).
 */
export async function importLongChain(studio: Studio, page: Page) {
  await studio.importText(LONG_CHAIN);
  const head = () => Promise.all([0, 1, 2].map((i) => page.getByTestId(`node-${i}`).getAttribute('data-type')));
  await expect.poll(head).toEqual(['bridge', 'tuning', 'portmap']);
  return head;
}
