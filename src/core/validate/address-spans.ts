// Address ranges as integer spans, and a sweep that finds overlaps between many of them in n log n
// (a whole-cluster dump has thousands of ranges: no comparing every pair).
import { cidrBounds, ipValue, parseCidr, parseIp, type Family } from '../net/ip';

export interface Span {
  family: Family;
  first: bigint;
  last: bigint;
}

/**
 * The addresses a range hands out: its CIDR, narrowed to [start, end] when given (rangeStart/rangeEnd,
 * range_start/range_end, or whereabouts' "first-last/prefix"), less the excluded CIDRs. Empty when unreadable.
 */
export function rangeSpans(range: string, start?: string, end?: string, exclude: readonly string[] = []): Span[] {
  let first = start;
  let cidrText = range;
  const dash = range.indexOf('-');
  if (dash > 0 && range.includes('/')) {
    first ??= range.slice(0, dash);
    cidrText = range.slice(dash + 1);
  }
  const cidr = parseCidr(cidrText);
  if (!cidr) return [];
  const bounds = cidrBounds(cidr);
  const family = cidr.ip.family;
  const at = (text: string | undefined, fallback: bigint) => {
    const ip = text === undefined ? undefined : parseIp(text);
    return ip && ip.family === family ? ipValue(ip) : fallback;
  };
  // In "first-last/prefix" the address before the prefix is the last one.
  const lastText = end ?? (dash > 0 && range.includes('/') ? cidrText.slice(0, cidrText.indexOf('/')) : undefined);
  let spans: Span[] = [{ family, first: at(first, bounds.first), last: at(lastText, bounds.last) }];
  for (const text of exclude) {
    const out = parseCidr(text);
    if (!out || out.ip.family !== family) continue;
    const x = cidrBounds(out);
    spans = spans.flatMap((s) => [
      ...(x.first > s.first ? [{ family, first: s.first, last: x.first - 1n < s.last ? x.first - 1n : s.last }] : []),
      ...(x.last < s.last ? [{ family, first: x.last + 1n > s.first ? x.last + 1n : s.first, last: s.last }] : []),
    ]).filter((s) => s.first <= s.last);
  }
  return spans.filter((s) => s.first <= s.last);
}

export interface Keyed {
  span: Span;
  /** Spans with the same key share their addresses on purpose (one store, one pool): never an overlap. */
  key: string;
  /** Which config the span is from: spans of one config are not compared with each other. */
  owner: number;
}

/**
 * For each span that overlaps an earlier one (in address order) with another key and another owner: the
 * pair. Sorted by first address, keeping the two furthest-reaching spans of different keys seen so far.
 */
export function overlaps<T extends Keyed>(items: readonly T[]): [T, T][] {
  const sorted = [...items].sort((a, b) => a.span.family - b.span.family || (a.span.first < b.span.first ? -1 : a.span.first > b.span.first ? 1 : 0));
  const found: [T, T][] = [];
  let best: T | undefined;
  let second: T | undefined; // the furthest reach among keys other than best's
  for (const item of sorted) {
    if (best && best.span.family !== item.span.family) best = second = undefined;
    const other = best && best.key !== item.key ? best : second;
    if (other && other.span.last >= item.span.first && other.owner !== item.owner) found.push([item, other]);
    if (!best || item.span.last > best.span.last) {
      if (best && best.key !== item.key) second = best;
      best = item;
    } else if (item.key !== best.key && (!second || item.span.last > second.span.last)) second = item;
  }
  return found;
}
