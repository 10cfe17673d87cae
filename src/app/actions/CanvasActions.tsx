// Actions that need the canvas library's view (inside its provider); renders nothing.
import { useReactFlow } from '@xyflow/react';
import { useRegisterActions } from './hooks';
import { fitAction } from './workbench';

export function CanvasActions() {
  const flow = useReactFlow();
  useRegisterActions([fitAction(() => void flow.fitView({ maxZoom: 1, padding: 0.2, duration: 200 }))]);
  return null;
}
