// Export: the document as strict JSON, named the way conf directories order files (NN-<name>.conflist).
import { serializeConflist, type JsonObject } from '../../core';

export function exportFileName(doc: JsonObject, prefix = '10'): string {
  const name = typeof doc.name === 'string' && doc.name !== '' ? doc.name : 'network';
  return `${prefix}-${name.replace(/[^a-zA-Z0-9_.-]/g, '-')}.conflist`;
}

export const exportText = (doc: JsonObject) => serializeConflist(doc);

export function downloadText(text: string, fileName: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
