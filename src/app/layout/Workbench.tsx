// The workbench: palette | canvas over the bottom panel | network settings over problems. Every
// separator drags and takes the arrow keys; the panels around the canvas collapse (to a strip that
// brings them back) and the canvas can take the whole window. Sizes and collapsed panels are kept in
// localStorage (react-resizable-panels' useDefaultLayout), so a reload finds the workbench as it was left.
import { isStoredLayout, layoutStorage } from './storage';
import { usePixelWidths } from './use-pixel-widths';
import { useEffect, type ReactNode } from 'react';
import { Group, Panel, Separator, useDefaultLayout, useGroupRef, usePanelRef, type PanelImperativeHandle, type PanelSize } from 'react-resizable-panels';
import { Blocks, ListChecks, PanelRightClose, SlidersHorizontal } from 'lucide-react';
import { panelResized, registerBottomToggle, registerPanel, setBottomMaximised, togglePanel, useWorkbench, workbench, type PanelId } from './workbench';
import { withShortcut } from './actions';
import { count } from '../text';
import './layout.css';

/** Collapsed side panels keep a strip this wide with the buttons that bring them back. */
export const STRIP = 40;
/** A collapsed bottom panel keeps its tab bar. */
export const TAB_BAR = 36;
const CANVAS_MIN = 160;

const storage = layoutStorage(typeof localStorage !== 'undefined' ? localStorage : undefined);

/** The centre's sizes before its bottom panel was maximised, kept until it is restored. */
const RESTORE_KEY = 'cni-studio.layout.centre.restore';
function readRestore(): Record<string, number> | undefined {
  try {
    const text = localStorage.getItem(RESTORE_KEY);
    return text !== null && isStoredLayout(text) ? (JSON.parse(text) as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}
function writeRestore(layout: Record<string, number> | undefined): void {
  try {
    if (layout) localStorage.setItem(RESTORE_KEY, JSON.stringify(layout));
    else localStorage.removeItem(RESTORE_KEY);
  } catch {
    // Not kept: after a reload the panel is restored by dragging its separator.
  }
}
/** The palette and the side panel keep their pixels when the window's width changes; the canvas takes the rest. */
const PIXEL_PANELS = { panels: ['wb-palette', 'wb-side'], rest: 'wb-centre' } as const;
const windowWidth = () => (typeof window !== 'undefined' ? window.innerWidth : 0);
const outerStorage = layoutStorage(typeof localStorage !== 'undefined' ? localStorage : undefined, { ...PIXEL_PANELS, width: windowWidth });

interface Props {
  palette: ReactNode;
  canvas: ReactNode;
  bottom: ReactNode;
  /** The side panel's upper part (selection, network settings) and lower part (problems). */
  details: ReactNode;
  problems: ReactNode;
  problemCounts: { error: number; warning: number };
}

/** Registers a panel's handle with the workbench and reports its collapsed state. */
function useRegistered(id: PanelId) {
  const ref = usePanelRef();
  useEffect(() => {
    const handle = ref.current;
    if (!handle) return;
    registerPanel(id, handle);
    panelResized(id, handle.isCollapsed());
    return () => registerPanel(id, undefined);
  }, [id, ref]);
  const onResize = (size: PanelSize) => {
    const handle: PanelImperativeHandle | null = ref.current;
    if (handle) panelResized(id, handle.isCollapsed(), size.asPercentage);
  };
  return { panelRef: ref, onResize };
}

function StripButton({ panel, label, children, testId }: { panel: PanelId; label: string; children: ReactNode; testId: string }) {
  return (
    <button type="button" className="icon-button strip-button" aria-label={label} title={label} onClick={() => togglePanel(panel)} data-testid={testId} data-panel-toggle={panel}>
      {children}
    </button>
  );
}

export function Workbench({ palette, canvas, bottom, details, problems, problemCounts }: Props) {
  const outer = useDefaultLayout({ id: 'cni-studio.layout.workbench', storage: outerStorage });
  const outerGroup = useGroupRef();
  const centre = useDefaultLayout({ id: 'cni-studio.layout.centre', storage });
  const side = useDefaultLayout({ id: 'cni-studio.layout.side', storage });
  const paletteP = useRegistered('palette');
  const bottomP = useRegistered('bottom');
  const sideP = useRegistered('side');
  const centreGroup = useGroupRef();
  const collapsed = useWorkbench((s) => s.collapsed);

  // Maximising the bottom panel leaves the canvas at its minimum; doing it again restores the sizes. The sizes
  // to restore are kept beside the layout the library saves: a reload finds the panel maximised, and
  // restorable (they were in memory only, so the maximised layout came back with no way to undo it).
  useEffect(() => {
    let before = readRestore();
    if (before) setBottomMaximised(true);
    registerBottomToggle(() => {
      const group = centreGroup.current;
      if (!group) return;
      if (workbench.getState().bottomMaximised && before) {
        group.setLayout(before);
        setBottomMaximised(false);
        before = undefined;
        writeRestore(undefined);
        return;
      }
      before = group.getLayout();
      writeRestore(before);
      bottomP.panelRef.current?.resize('100%');
      setBottomMaximised(true);
    });
    return () => registerBottomToggle(undefined);
  }, [centreGroup, bottomP.panelRef]);

  // A window made wider or narrower keeps the palette's and the side panel's widths as the user set them
  // (the library keeps percentages, which grew them with the window and squeezed the canvas).
  const onOuterLayoutChanged = usePixelWidths(outerGroup, PIXEL_PANELS, outer.defaultLayout, outer.onLayoutChanged, windowWidth);

  const problemsLabel = withShortcut('layout.toggle-side', `Show problems: ${count(problemCounts.error, 'error')}, ${count(problemCounts.warning, 'warning')}`);

  return (
    <Group orientation="horizontal" id="wb" className="workbench" groupRef={outerGroup} defaultLayout={outer.defaultLayout} onLayoutChanged={onOuterLayoutChanged}>
      <Panel id="wb-palette" className="wb-panel" {...paletteP} collapsible collapsedSize={STRIP} minSize={180} defaultSize={232} maxSize="40%" data-collapsed={collapsed.palette}>
        {collapsed.palette && (
          <div className="strip" role="toolbar" aria-label="Plugin palette (collapsed)" aria-orientation="vertical">
            <StripButton panel="palette" label={withShortcut('layout.toggle-palette', 'Show the plugin palette')} testId="expand-palette">
              <Blocks size={18} aria-hidden />
            </StripButton>
          </div>
        )}
        <div className="wb-content" hidden={collapsed.palette}>
          {palette}
        </div>
      </Panel>
      <Separator className="wb-separator" aria-label="Resize the plugin palette" data-testid="separator-palette" />
      <Panel id="wb-centre" className="wb-panel" minSize={320}>
        <Group orientation="vertical" id="wb-centre-split" groupRef={centreGroup} defaultLayout={centre.defaultLayout} onLayoutChanged={centre.onLayoutChanged}>
          <Panel id="wb-canvas" className="wb-panel" minSize={CANVAS_MIN}>
            {canvas}
          </Panel>
          <Separator className="wb-separator" aria-label="Resize the bottom panel" data-testid="separator-bottom" />
          <Panel id="wb-bottom" className="wb-panel" {...bottomP} collapsible collapsedSize={TAB_BAR} minSize={140} defaultSize="38%" data-collapsed={collapsed.bottom}>
            {bottom}
          </Panel>
        </Group>
      </Panel>
      <Separator className="wb-separator" aria-label="Resize the side panel" data-testid="separator-side" />
      <Panel id="wb-side" className="wb-panel" {...sideP} collapsible collapsedSize={STRIP} minSize={260} defaultSize={330} maxSize="50%" data-collapsed={collapsed.side}>
        {collapsed.side && (
          <div className="strip" role="toolbar" aria-label="Side panel (collapsed)" aria-orientation="vertical">
            <StripButton panel="side" label={withShortcut('layout.toggle-side', 'Show the network settings')} testId="expand-side">
              <SlidersHorizontal size={18} aria-hidden />
            </StripButton>
            <StripButton panel="side" label={problemsLabel} testId="expand-problems">
              <ListChecks size={18} aria-hidden />
              {problemCounts.error + problemCounts.warning > 0 && (
                <span className={`strip-badge${problemCounts.error ? ' error' : ''}`} aria-hidden>
                  {problemCounts.error || problemCounts.warning}
                </span>
              )}
            </StripButton>
          </div>
        )}
        <div className="wb-content" hidden={collapsed.side}>
          <Group orientation="vertical" id="wb-side-split" defaultLayout={side.defaultLayout} onLayoutChanged={side.onLayoutChanged}>
            <Panel id="wb-details" className="wb-panel side-pane" minSize={120} defaultSize="58%">
              <button type="button" className="icon-button side-collapse" aria-label={withShortcut('layout.toggle-side', 'Hide the side panel')} title={withShortcut('layout.toggle-side', 'Hide the side panel')} onClick={() => togglePanel('side')} data-testid="collapse-side" data-panel-toggle="side">
                <PanelRightClose size={16} aria-hidden />
              </button>
              {details}
            </Panel>
            <Separator className="wb-separator" aria-label="Resize the problems list" data-testid="separator-problems" />
            <Panel id="wb-problems" className="wb-panel side-pane" minSize={100}>
              {problems}
            </Panel>
          </Group>
        </div>
      </Panel>
    </Group>
  );
}
