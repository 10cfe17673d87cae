import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS } from './support/browser';
import { useStudio } from './support/studio';

const app = useStudio();
const injections = () => app.session.page.getByTestId('injections').innerText();

describe('runtime preview', () => {
  it('injects a port mapping set in the runtime panel only into portmap\'s ADD stdin', async () => {
    const { page } = app.session;
    await page.getByRole('button', { name: 'Templates' }).click();
    await page.getByTestId('template-podman-bridge').click(); // bridge, portmap, firewall, tuning
    await page.getByTestId('tab-preview').click();
    await page.getByTestId('add-port-mapping').click();
    await page.getByLabel('host port').fill('8443');
    await page.getByLabel('container port').fill('443');
    for (const [i, type] of ['bridge', 'portmap', 'firewall', 'tuning'].entries()) {
      await page.getByTestId(`invocation-${i}`).click();
      await expect.poll(() => page.getByTestId(`invocation-${i}`).textContent()).toContain(type);
      const text = await injections();
      if (type === 'portmap') expect(text).toContain('/runtimeConfig/portMappings ← capability portMappings');
      else expect(text).not.toContain('runtimeConfig');
    }
    // The raw CAP_ARGS follows the form, and the stdin viewer shows the injected value.
    expect(await page.getByTestId('cap-args-json').inputValue()).toContain('"hostPort": 8443');
    // Copy stdin gives the exact bytes: portmap gets the mapping, bridge gets no runtimeConfig at all.
    const copied = async (i: number) => {
      await page.getByTestId(`invocation-${i}`).click();
      await page.getByTestId('copy-stdin').click();
      return JSON.parse((await page.evaluate('navigator.clipboard.readText()')) as string) as Record<string, unknown>;
    };
    expect((await copied(1)).runtimeConfig).toEqual({ portMappings: [{ hostPort: 8443, containerPort: 443, protocol: 'tcp' }] });
    expect(await copied(0)).not.toHaveProperty('runtimeConfig');
    await page.getByTestId('invocation-1').click();
    // The stdin viewer opens at what the runtime injected for this step (issue 13: runtimeConfig was below the fold).
    await expect.poll(async () => (await page.getByTestId('stdin-view').innerText()).replace(/\u00a0/g, ' '), { timeout: 10_000 }).toContain('"runtimeConfig": {  ← capability portMappings');
    await page.screenshot({ path: join(SCREENSHOTS, 'preview.png') });
  });

  it('warns about strict CNI_ARGS and accepts containerd\'s PascalCase capability arguments', async () => {
    const { page } = app.session;
    await page.getByTestId('rt-cni-args').fill('K8S_POD_NAME=web');
    await expect.poll(() => page.getByTestId('plan-notes').innerText()).toContain('bridge parses CNI_ARGS strictly');
    await page.getByTestId('rt-cni-args').fill('K8S_POD_NAME=web=x');
    expect(await page.getByText('invalid CNI_ARGS pair').count()).toBe(1);
    await page.getByTestId('runtime-preset').selectOption('containerd-pod-port');
    await expect.poll(() => page.getByTestId('rt-cni-args').inputValue()).toContain('IgnoreUnknown=1');
    expect(await page.getByTestId('plan-notes').innerText()).not.toContain('strictly');
    expect(await page.getByTestId('plan-notes').innerText()).not.toContain('portMappings');
  });

  it('fills bandwidth, ips, ipRanges and dns from their forms', async () => {
    const { page } = app.session;
    await page.getByTestId('cap-bandwidth').getByLabel('ingressRate').fill('1000000');
    await expect.poll(() => page.getByTestId('plan-notes').innerText()).toContain('ingressRate is set without ingressBurst');
    await page.getByTestId('cap-bandwidth').getByLabel('ingressBurst').fill('100000');
    await expect.poll(() => page.getByTestId('plan-notes').innerText()).not.toContain('ingressRate is set without');
    await page.getByTestId('cap-ipRanges').fill('10.85.0.0/16; fd00:85::/64');
    await page.getByTestId('cap-dns-servers').fill('10.96.0.10');
    const caps = JSON.parse(await page.getByTestId('cap-args-json').inputValue());
    expect(caps.bandwidth).toEqual({ ingressRate: 1000000, ingressBurst: 100000 });
    expect(caps.ipRanges).toEqual([[{ subnet: '10.85.0.0/16' }], [{ subnet: 'fd00:85::/64' }]]);
    expect(caps.dns).toEqual({ servers: ['10.96.0.10'] });
  });

  it('steps through ADD and then DEL in reverse, lighting up each plugin', async () => {
    const { page } = app.session;
    await page.getByTestId('teach-start').click();
    const seen: string[] = [];
    for (let i = 0; i < 8; i++) {
      seen.push((await page.getByTestId('teach-position').textContent())!.replace(/^Step \d+ of \d+ in all: /, ''));
      const current = await page.locator('.react-flow__node.teaching-current .plugin-node').getAttribute('data-type');
      expect(seen[i]!.startsWith(current!)).toBe(true);
      expect(await page.getByTestId('teach-explain').textContent()).toBeTruthy();
      if (i < 7) await page.keyboard.press('ArrowRight');
    }
    expect(seen).toEqual(['bridge ADD', 'portmap ADD', 'firewall ADD', 'tuning ADD', 'tuning DEL', 'firewall DEL', 'portmap DEL', 'bridge DEL']);
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByTestId('teach-position').textContent()).toContain('bridge ADD');
    expect(await page.locator('.react-flow__edge.handing').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'teaching.png') });
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
  });

  it('copies the equivalent cnitool command', async () => {
    const { page } = app.session;
    await page.getByTestId('op-DEL').click();
    await page.getByTestId('copy-cnitool').click();
    const text = await page.evaluate('navigator.clipboard.readText()');
    expect(text).toMatch(/^NETCONFPATH=\/etc\/cni\/net\.d CNI_PATH=\/opt\/cni\/bin CAP_ARGS='\{"portMappings":\[\{"HostPort":8080/);
    expect(text).toMatch(/CNI_IFNAME=eth0 cnitool del podman \/var\/run\/netns\/cni-/);
  });

  it("shows GC's stale DELs and STATUS, takes the attachment lists, and teaches GC's phases", async () => {
    const { page } = app.session;
    // The podman list is spec 0.4.0: GC only DELs stale attachments, STATUS runs nothing.
    await page.getByTestId('op-GC').click();
    await expect.poll(() => page.getByTestId('invocations').innerText()).toContain('stale');
    expect((await page.getByTestId('invocations').innerText()).match(/DEL/g)).toHaveLength(4);
    const id = await page.getByTestId('rt-container-id').inputValue();
    await page.getByTestId('rt-valid-attachments').fill(`[{"containerID":"${id}","ifname":"eth0"}]`);
    await expect.poll(() => page.getByTestId('invocations').innerText()).not.toContain('DEL');
    await page.getByTestId('rt-valid-attachments').fill('[{"containerID":');
    expect(await page.getByText('The valid attachments is not valid JSON').count()).toBe(1);
    await page.getByTestId('rt-valid-attachments').fill('');
    await page.getByTestId('op-STATUS').click();
    await expect.poll(() => page.getByTestId('plan-skipped').innerText()).toContain('below 1.1.0');
    // Teaching: after ADD and DEL come GC's steps, each saying which phase it is.
    await page.getByTestId('teach-start').click();
    for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('teach-position').textContent()).toMatch(/^Step 9 of 12 in all: tuning DEL/);
    expect(await page.getByTestId('teach-gc-phase').textContent()).toContain('GC, phase 1 of 1');
    expect(await page.locator('.react-flow__node.teaching-current .plugin-node').getAttribute('data-type')).toBe('tuning');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
  });
});
