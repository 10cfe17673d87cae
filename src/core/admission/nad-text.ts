// A NetworkAttachmentDefinition from an AdmissionReview (already-parsed JSON) written as NAD text, so it is
// read by the same reader as `cni-studio lint nad.yaml` (model/source.ts: Multus's reading of spec.config,
// the name taken from metadata, …) and the webhook never disagrees with lint. JSON is YAML; the config
// string is written with every character outside printable ASCII escaped (\uXXXX is valid in both), so the
// YAML reader accepts any config, and an offset in the text maps back to one in the config.
import { LineIndex, type LineColumn } from '../model/text';
import { NAD_KIND } from '../model/nad';

export interface NadText {
  text: string;
  /** The line and column in spec.config of an offset in `text`; undefined outside the config. */
  configPosition(offset: number): LineColumn | undefined;
}

/** One UTF-16 unit of the config as it is written inside the quotes. */
function escapeUnit(code: number): string {
  if (code === 0x22) return '\\"';
  if (code === 0x5c) return '\\\\';
  if (code >= 0x20 && code < 0x7f) return String.fromCharCode(code);
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

export function nadText(config: string, name: string | undefined, namespace: string | undefined): NadText {
  const metadata = { ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}) };
  const head = `{"apiVersion": "k8s.cni.cncf.io/v1", "kind": "${NAD_KIND}", "metadata": ${JSON.stringify(metadata)}, "spec": {"config": "`;
  // starts[i]: where the config's unit i begins in the text (relative to the opening quote's end).
  const starts = new Int32Array(config.length + 1);
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < config.length; i++) {
    starts[i] = at;
    const written = escapeUnit(config.charCodeAt(i));
    parts.push(written);
    at += written.length;
  }
  starts[config.length] = at;
  const text = `${head}${parts.join('')}"}}`;
  const lines = new LineIndex(config);
  return {
    text,
    configPosition(offset) {
      const rel = offset - head.length;
      if (rel < 0 || rel > at) return undefined;
      let lo = 0;
      let hi = config.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= rel) lo = mid;
        else hi = mid - 1;
      }
      return lines.position(lo);
    },
  };
}
