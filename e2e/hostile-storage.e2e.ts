// What the workbench keeps in localStorage (panel sizes, collapsed panels, the state before maximising, the
// autosaved versions, the explainer's dismissal, the theme) can be anything when the page loads: another
// version of the app, an extension, a hand edit. Whatever it holds, the workbench opens whole and usable.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { SCREENSHOTS, VIEWPORTS } from './support/browser';
import { screenProblems } from './support/screen';
import { useStudio } from './support/studio';

const HOSTILE = ['not json', '[]', '{"wb-palette": -40, "wb-centre": 9999, "wb-side": "x"}', '{"__proto__": {"polluted": true}}', 'null', '1e309', '{"wb-canvas": 0, "wb-bottom": 100}', 'x'.repeat(200_000)];
const KEYS = [
  'react-resizable-panels:cni-studio.layout.workbench',
  'react-resizable-panels:cni-studio.layout.centre',
  'react-resizable-panels:cni-studio.layout.side',
  'cni-studio.layout.workbench',
  'cni-studio.layout.centre',
  'cni-studio.layout.side',
  'cni-studio.layout.open-size.palette',
  'cni-studio.layout.open-size.bottom',
  'cni-studio.layout.open-size.side',
  'cni-studio.layout.before-maximise',
  'cni-studio.history.v1',
  'cni-studio.explained.capabilities',
  'cni-studio.theme',
];

describe('hostile workbench storage at 1280×720', () => {
  const app = useStudio(VIEWPORTS.laptop);

  it.each(HOSTILE.map((value, i) => [i, value] as const))('opens whole with every layout, history and lab token key set to hostile value %i', async (i, value) => {
    const { page } = app.session;
    await page.evaluate(([keys, v]) => {
      // Every key the library might use for these groups too (it may add the panel ids to the name).
      // And the lab token kept for a helper serving the page (lab serve --app-dir): read at start.
      const all = [...keys, ...Object.keys(localStorage).filter((k) => k.startsWith('react-resizable-panels:')), `cni-studio.lab-token:${location.origin}`];
      for (const k of all) localStorage.setItem(k, v);
    }, [KEYS, value] as const);
    await page.reload();
    await page.getByTestId('canvas').waitFor();
    await page.locator('#wb-palette').waitFor();
    expect(await page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty('polluted');
    expect(app.session.errors.filter((e) => e.startsWith('page error'))).toEqual([]);
    // The panels are usable: each shown or collapsed to a strip that brings it back, and the canvas keeps its
    // half unless the stored layout is one a person could have made by dragging (value 6: a tall bottom panel).
    expect(await screenProblems(page, { minCanvasShare: i === 6 ? 0 : 0.5 })).toEqual([]);
    expect((await page.getByTestId('canvas').boundingBox())!.height).toBeGreaterThanOrEqual(150);
    await page.keyboard.press('Control+k');
    await page.getByLabel('Plugin type').waitFor();
    await page.keyboard.press('Escape');
    if (i === 0) await page.screenshot({ path: join(SCREENSHOTS, 'hostile-storage.png') });
  });
});
