// Inside the canvas: while stepping through, the view follows the plugin running now. It moves only when
// that node is (partly) out of sight or too small to read, so a chain that fits stays still.
import { useEffect } from 'react';
import { useReactFlow, useStore } from '@xyflow/react';
import { useTeachingFocus } from './teaching';
import { bringIntoView } from '../canvas/into-view';

export function TeachingFollower() {
  const flow = useReactFlow();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const id = useTeachingFocus()?.pluginId;

  useEffect(() => {
    if (id) bringIntoView(flow, id, width, height);
  }, [id, flow, width, height]);
  return null;
}
