// IP, CIDR and MAC parsing with Go's net package rules (what every reference plugin uses):
// dotted-quad IPv4 without leading zeros, IPv6 without zones, CIDR with a decimal prefix.
import ipaddr from 'ipaddr.js';

export type Family = 4 | 6;

export interface ParsedIp {
  family: Family;
  /** Bytes of the address (4 or 16). */
  bytes: number[];
  text: string;
}

export interface ParsedCidr {
  ip: ParsedIp;
  prefix: number;
  text: string;
}

/**
 * Dotted-quad IPv4 as Go reads it (four decimal parts up to 255, no leading zeros), by hand: validation
 * parses every address of a config several times, and ipaddr's general parser (which tries hex, octal and
 * shorter forms first) was a seventh of a config's validation.
 */
export function parseIpv4(text: string): number[] | undefined {
  const bytes: number[] = [];
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46; // the end closes the last part like a dot
    if (c === 46 /* . */) {
      if (digits === 0 || bytes.length === 4) return undefined;
      bytes.push(value);
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined; // a leading zero
      value = value * 10 + (c - 48);
      if (value > 255) return undefined;
      digits++;
    } else return undefined;
  }
  return bytes.length === 4 ? bytes : undefined;
}

/** ipaddr's IPv6 answers by text: a config repeats its few addresses across rules (each caller gets a copy). */
const ipv6Parsed = new Map<string, readonly number[] | null>();

function parseIpv6(text: string): number[] | undefined {
  let bytes = ipv6Parsed.get(text);
  if (bytes === undefined) {
    if (ipv6Parsed.size >= 1024) ipv6Parsed.clear();
    // An embedded IPv4 tail ("::ffff:1.2.3.4") reads as Go reads IPv4: ipaddr also takes "01.2.3.4" and "0x1.2.3.4".
    const tail = text.includes('.') ? text.slice(text.lastIndexOf(':') + 1) : undefined;
    const valid = (tail === undefined || parseIpv4(tail) !== undefined) && ipaddr.IPv6.isValid(text);
    ipv6Parsed.set(text, (bytes = valid ? ipaddr.IPv6.parse(text).toByteArray() : null));
  }
  return bytes ? [...bytes] : undefined;
}

export function parseIp(text: string): ParsedIp | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  const v4 = parseIpv4(text);
  if (v4) return { family: 4, bytes: v4, text };
  if (text.includes(':') && !text.includes('%')) {
    const v6 = parseIpv6(text);
    if (v6) return { family: 6, bytes: v6, text };
  }
  return undefined;
}

/**
 * Whether two texts name the same address: "2001:2:0:0::5" and "2001:2::5" do (a socket prints the
 * compressed form, whatever form the address was configured in), as do "::ffff:10.0.0.1" and "10.0.0.1".
 */
export function sameIp(a: string, b: string): boolean {
  const x = parseIp(a.replace(/^::ffff:(?=\d+\.)/i, ''));
  const y = parseIp(b.replace(/^::ffff:(?=\d+\.)/i, ''));
  return x !== undefined && y !== undefined && x.family === y.family && x.bytes.every((byte, i) => byte === y.bytes[i]);
}

/** An address as sockets and `ip` print it (IPv6 compressed, RFC 5952); text that is not an address, unchanged. */
export function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip.family, ipValue(ip)) : text;
}

export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  // Go reads the prefix's digits whatever their number ("/0024" is /24), up to the address's bits.
  if (!ip || !/^\d+$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > ip.bytes.length * 8) return undefined;
  return { ip, prefix, text };
}

const MAC_PATTERNS = [
  /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i, // 6 bytes
  /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){6}$/i, // 8 bytes (EUI-64, InfiniBand GUID)
  /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){18}$/i, // 20 bytes (IPoIB)
  /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
];

export function isMac(text: string): boolean {
  return typeof text === 'string' && MAC_PATTERNS.some((re) => re.test(text));
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function bits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** The prefix's mask over byte `i` of an address (byte arithmetic: validation asks this of every range). */
const maskByte = (prefix: number, i: number): number => (0xff00 >> Math.max(0, Math.min(8, prefix - i * 8))) & 0xff;

/** The network address of a CIDR (host bits cleared), as text. */
export function networkAddress(cidr: ParsedCidr): string {
  const bytes = cidr.ip.bytes.map((b, i) => b & maskByte(cidr.prefix, i));
  return cidr.ip.family === 4 ? bytes.join('.') : ipaddr.fromByteArray(bytes).toString();
}

export function hasHostBits(cidr: ParsedCidr): boolean {
  return cidr.ip.bytes.some((b, i) => (b & ~maskByte(cidr.prefix, i) & 0xff) !== 0);
}

export function formatIp(family: Family, value: bigint): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  // A dotted quad is what ipaddr prints for four bytes; IPv6's compressed form is left to it.
  return family === 4 ? bytes.join('.') : ipaddr.fromByteArray(bytes).toString();
}

/** First and last address of a CIDR as integers. */
export function cidrBounds(cidr: ParsedCidr): { first: bigint; last: bigint } {
  const total = bits(cidr.ip.family);
  const size = 1n << BigInt(total - cidr.prefix);
  const first = (toBigInt(cidr.ip.bytes) / size) * size;
  return { first, last: first + size - 1n };
}

export function ipValue(ip: ParsedIp): bigint {
  return toBigInt(ip.bytes);
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.ip.family !== ip.family) return false;
  const { first, last } = cidrBounds(cidr);
  const v = ipValue(ip);
  return v >= first && v <= last;
}

export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  if (a.ip.family !== b.ip.family) return false;
  const x = cidrBounds(a);
  const y = cidrBounds(b);
  return x.first <= y.last && y.first <= x.last;
}

/** The n-th address of a CIDR (0 = network address). */
export function nthAddress(cidr: ParsedCidr, n: bigint): string {
  return formatIp(cidr.ip.family, cidrBounds(cidr).first + n);
}

/** A link-local address (169.254.0.0/16, fe80::/10): every link has one, and it is never routed. */
export const isLinkLocal = (ip: ParsedIp): boolean => (ip.family === 4 ? ip.bytes[0] === 169 && ip.bytes[1] === 254 : ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80);

/** A loopback address (127.0.0.0/8, ::1). */
export const isLoopbackIp = (ip: ParsedIp): boolean => (ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.every((b, k) => b === (k === 15 ? 1 : 0)));
