// Every main view of the workbench, at a laptop's and a desktop's window, light and dark: each bottom tab and
// each dialog passes axe-core (no serious or critical violation) and, for the tabs, the screen checks of
// support/screen.ts (nothing overlapping, cut or covered; the canvas at least half the window).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { axeViolations } from './support/axe';
import { screenProblems } from './support/screen';
import { useStudio } from './support/studio';

const NETWORK = {
  cniVersion: '1.0.0',
  name: 'pods',
  plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/16' }]] } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }],
};
const TABS = ['plugin', 'document', 'nad', 'preview', 'lab', 'review'] as const;
/** How a person opens each dialog, and the dialog's test id. */
const DIALOGS: { name: string; open: string; testId: string }[] = [
  { name: 'templates', open: 'Templates', testId: 'templates' },
  { name: 'import', open: 'Import', testId: 'import-dialog' },
  { name: 'export', open: 'Export', testId: 'export-dialog' },
  { name: 'history', open: 'History', testId: 'version-history' },
  { name: 'add plugin', open: 'Add plugin', testId: 'plugin-picker' },
  { name: 'commands', open: 'Commands', testId: 'command-palette' },
];

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  describe(`every main view at ${viewport.width}×${viewport.height}`, () => {
    const app = useStudio(viewport);

    for (const theme of ['light', 'dark'] as const) {
      it(`${theme}: each bottom tab is sound and accessible`, async () => {
        const { page } = app.session;
        if ((await app.studio.chainTypes()).length === 0) await app.studio.importText(JSON.stringify(NETWORK));
        await app.studio.expectChain(['bridge', 'portmap', 'tuning']);
        const dark = async () => (await page.locator('html').getAttribute('data-theme')) === 'dark';
        if ((await dark()) !== (theme === 'dark')) await page.getByRole('button', { name: 'Toggle dark theme' }).click();
        await app.studio.node(0).click();
        for (const tab of TABS) {
          await page.getByTestId(`tab-${tab}`).click();
          await expect.poll(() => page.getByTestId(`tab-${tab}`).getAttribute('aria-selected')).toBe('true');
          expect({ tab, problems: await screenProblems(page) }).toEqual({ tab, problems: [] });
          expect({ tab, violations: await axeViolations(page) }).toEqual({ tab, violations: [] });
          await page.screenshot({ path: join(SCREENSHOTS, `view-${tab}-${theme}-${size}.png`) });
        }
      });
    }

    it('each dialog and the shortcut sheet are accessible, and Escape closes them', async () => {
      const { page } = app.session;
      for (const d of DIALOGS) {
        await page.getByRole('button', { name: d.open, exact: true }).first().click();
        // Off the button it clicked: its hover tip fades in behind the dialog, and axe caught it half
        // transparent (a contrast failure of a tip no one sees) when the machine was slow.
        await page.mouse.move(1, 1);
        await page.getByTestId(d.testId).waitFor();
        expect({ dialog: d.name, violations: await axeViolations(page) }).toEqual({ dialog: d.name, violations: [] });
        await page.keyboard.press('Escape');
        await expect.poll(() => page.getByTestId(d.testId).count()).toBe(0);
      }
      await page.getByTestId('canvas').focus();
      await page.keyboard.press('?');
      await page.getByTestId('shortcut-sheet').waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
    });
  });
}
