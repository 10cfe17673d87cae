// IP, CIDR and MAC parsing with Go's net package rules (what every reference plugin uses):
// dotted-quad IPv4 without leading zeros, IPv6 without zones, CIDR with a decimal prefix.
import ipaddr from 'ipaddr.js';
import { memo } from '../model/memo';

export type Family = 4 | 6;

// Parsed addresses are shared (remembered by text, frozen): validation asks for the same few addresses
// in several rules, and again at every keystroke.
export interface ParsedIp {
  readonly family: Family;
  /** Bytes of the address (4 or 16). */
  readonly bytes: readonly number[];
  readonly text: string;
}

export interface ParsedCidr {
  readonly ip: ParsedIp;
  readonly prefix: number;
  readonly text: string;
  /**
   * Written as an IPv4-mapped IPv6 network ("::ffff:10.1.0.0/120"), read as CNI reads it: the address as
   * written is IPv4 (To4), and its mask's last 4 bytes make the prefix (10.1.0.0/24; a /95 is a /0), as
   * netlink adds it; host-local alone refuses such a subnet (its IP and mask lengths differ). `prefix`: as written.
   */
  readonly mapped?: { readonly prefix: number };
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

function parseIpv6(text: string): number[] | undefined {
  // An embedded IPv4 tail ("::ffff:1.2.3.4") reads as Go reads IPv4: ipaddr also takes "01.2.3.4" and "0x1.2.3.4".
  const tail = text.includes('.') ? text.slice(text.lastIndexOf(':') + 1) : undefined;
  const valid = (tail === undefined || parseIpv4(tail) !== undefined) && ipaddr.IPv6.isValid(text);
  return valid ? ipaddr.IPv6.parse(text).toByteArray() : undefined;
}

const frozenIp = (family: Family, bytes: number[], text: string): ParsedIp => Object.freeze({ family, bytes: Object.freeze(bytes), text });

const ips = memo<string, ParsedIp | undefined>();

/** Whether 16 bytes are an IPv4-mapped address (::ffff:a.b.c.d), which Go's To4 reads as IPv4. */
const isMapped = (bytes: readonly number[]) => bytes.length === 16 && bytes[10] === 0xff && bytes[11] === 0xff && bytes.slice(0, 10).every((b) => b === 0);

/**
 * An address as Go reads it: an IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is IPv4, as every plugin
 * takes it (To4), prints it and hands it to netlink; `text` keeps it as written.
 */
export function parseIp(text: string): ParsedIp | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > 64) return undefined;
  return ips(text, () => {
    const v4 = parseIpv4(text);
    if (v4) return frozenIp(4, v4, text);
    if (text.includes(':') && !text.includes('%')) {
      const v6 = parseIpv6(text);
      if (v6) return isMapped(v6) ? frozenIp(4, v6.slice(12), text) : frozenIp(6, v6, text);
    }
    return undefined;
  });
}


/**
 * Whether two texts name the same address: "2001:2:0:0::5" and "2001:2::5" do (a socket prints the
 * compressed form, whatever form the address was configured in), as do "::ffff:10.0.0.1" and "10.0.0.1".
 */
export function sameIp(a: string, b: string): boolean {
  // A mapped address is IPv4 already (parseIp).
  const x = parseIp(a);
  const y = parseIp(b);
  return x !== undefined && y !== undefined && x.family === y.family && x.bytes.every((byte, i) => byte === y.bytes[i]);
}

const canonical = memo<string, string>();

/** An address as sockets and `ip` print it (IPv6 compressed, RFC 5952); text that is not an address, unchanged. */
export function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? canonical(text, () => formatIp(ip.family, ipValue(ip))) : text;
}

const cidrs = memo<string, ParsedCidr | undefined>();

export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  return cidrs(text, () => {
    const ip = parseIp(text.slice(0, slash));
    const prefixText = text.slice(slash + 1);
    // Go reads the prefix's digits whatever their number ("/0024" is /24), up to the address's bits.
    if (!ip || !/^\d+$/.test(prefixText)) return undefined;
    const prefix = Number(prefixText);
    // Written in IPv6 form ("::ffff:10.1.0.0/120"), the prefix counts 128 bits: the IPv4 network's is what
    // the last 32 make (CNI keeps the address as written, unmasked, so it stays IPv4 whatever the prefix).
    if (ip.family === 4 && ip.text.includes(':')) {
      if (prefix > 128) return undefined;
      return Object.freeze({ ip, prefix: Math.max(0, prefix - 96), text, mapped: Object.freeze({ prefix }) });
    }
    if (prefix > ip.bytes.length * 8) return undefined;
    return Object.freeze({ ip, prefix, text });
  });
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

/** Four bytes from `i` as one unsigned 32-bit number. */
const word = (bytes: readonly number[], i: number): number => bytes[i]! * 0x1000000 + ((bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!);

/** An address's bytes as an integer: one BigInt per 32-bit word (per byte, it was most of a range check). */
function toBigInt(bytes: readonly number[]): bigint {
  let value = BigInt(word(bytes, 0));
  for (let i = 4; i < bytes.length; i += 4) value = (value << 32n) | BigInt(word(bytes, i));
  return value;
}

function bits(family: Family): number {
  return family === 4 ? 32 : 128;
}

/** The prefix's mask over byte `i` of an address (byte arithmetic: validation asks this of every range). */
const maskByte = (prefix: number, i: number): number => (0xff00 >> Math.max(0, Math.min(8, prefix - i * 8))) & 0xff;

const networks = new WeakMap<ParsedCidr, string>();

/** The network address of a CIDR (host bits cleared), as text. */
export function networkAddress(cidr: ParsedCidr): string {
  let text = networks.get(cidr);
  if (text === undefined) {
    const bytes = cidr.ip.bytes.map((b, i) => b & maskByte(cidr.prefix, i));
    networks.set(cidr, (text = cidr.ip.family === 4 ? bytes.join('.') : ipaddr.fromByteArray(bytes).toString()));
  }
  return text;
}

export function hasHostBits(cidr: ParsedCidr): boolean {
  return cidr.ip.bytes.some((b, i) => (b & ~maskByte(cidr.prefix, i) & 0xff) !== 0);
}

/** IPv6 texts by value: ipaddr's compressed form is worked out once per address. */
const ipv6Texts = memo<bigint, string>();

export function formatIp(family: Family, value: bigint): string {
  if (family === 4) {
    const n = Number(value);
    // A dotted quad is what ipaddr prints for four bytes.
    return `${Math.floor(n / 0x1000000) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
  }
  return ipv6Texts(value, () => {
    const bytes: number[] = [];
    for (let i = 15; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
    return ipaddr.fromByteArray(bytes).toString();
  });
}

const bounds = new WeakMap<ParsedCidr, { readonly first: bigint; readonly last: bigint }>();

/** First and last address of a CIDR as integers. */
export function cidrBounds(cidr: ParsedCidr): { readonly first: bigint; readonly last: bigint } {
  let found = bounds.get(cidr);
  if (!found) {
    const size = 1n << BigInt(bits(cidr.ip.family) - cidr.prefix);
    const first = (ipValue(cidr.ip) / size) * size;
    bounds.set(cidr, (found = Object.freeze({ first, last: first + size - 1n })));
  }
  return found;
}

const values = new WeakMap<ParsedIp, bigint>();

export function ipValue(ip: ParsedIp): bigint {
  let value = values.get(ip);
  if (value === undefined) values.set(ip, (value = toBigInt(ip.bytes)));
  return value;
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

/** Each network's first host, the gateway host-local and bridge give it when the config names none. */
const firstHosts = new WeakMap<ParsedCidr, string>();

/** The n-th address of a CIDR (0 = network address). */
export function nthAddress(cidr: ParsedCidr, n: bigint): string {
  if (n !== 1n) return formatIp(cidr.ip.family, cidrBounds(cidr).first + n);
  let host = firstHosts.get(cidr);
  if (host === undefined) firstHosts.set(cidr, (host = formatIp(cidr.ip.family, cidrBounds(cidr).first + 1n)));
  return host;
}

/** A link-local address (169.254.0.0/16, fe80::/10): every link has one, and it is never routed. */
export const isLinkLocal = (ip: ParsedIp): boolean => (ip.family === 4 ? ip.bytes[0] === 169 && ip.bytes[1] === 254 : ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80);

/** A loopback address (127.0.0.0/8, ::1). */
export const isLoopbackIp = (ip: ParsedIp): boolean => (ip.family === 4 ? ip.bytes[0] === 127 : ip.bytes.every((b, k) => b === (k === 15 ? 1 : 0)));
