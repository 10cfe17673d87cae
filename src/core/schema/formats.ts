// The string formats our schemas use, checked with the project's own IP parser: one table for the ajv
// instance that compiles at run time and for the validators precompiled at build time (which import it).
import { fullFormats } from 'ajv-formats/dist/formats';
import { hasHostBits, isMac, parseCidr, parseIp } from '../net/ip';

/** As ajv takes them (a RegExp, or a string format's definition), for the compiler and standalone code alike. */
export const FORMATS: Record<string, RegExp | { type: 'string'; validate: (s: string) => boolean }> = {
  ipv4: fullFormats.ipv4 as RegExp,
  ipv6: fullFormats.ipv6 as RegExp,
  ip: { type: 'string', validate: (s) => parseIp(s) !== undefined },
  // A port mapping's hostIP: containerd sends "" for every address.
  'ip-or-empty': { type: 'string', validate: (s) => s === '' || parseIp(s) !== undefined },
  cidr: { type: 'string', validate: (s) => parseCidr(s) !== undefined },
  'cidr-network': {
    type: 'string',
    validate: (s) => {
      const c = parseCidr(s);
      return c !== undefined && !hasHostBits(c);
    },
  },
  mac: { type: 'string', validate: isMac },
};
