// SHA-512 (FIPS 180-4) of a UTF-8 string, in hex, synchronously and without Node or Web Crypto: plugins
// derive names from it (bandwidth's ifb device: "bwp" + sha512(network + containerID)), as cnitool derives
// its container id. 64-bit words are held as pairs of 32-bit halves.
const K = [
  '428a2f98d728ae22', '7137449123ef65cd', 'b5c0fbcfec4d3b2f', 'e9b5dba58189dbbc', '3956c25bf348b538', '59f111f1b605d019', '923f82a4af194f9b', 'ab1c5ed5da6d8118',
  'd807aa98a3030242', '12835b0145706fbe', '243185be4ee4b28c', '550c7dc3d5ffb4e2', '72be5d74f27b896f', '80deb1fe3b1696b1', '9bdc06a725c71235', 'c19bf174cf692694',
  'e49b69c19ef14ad2', 'efbe4786384f25e3', '0fc19dc68b8cd5b5', '240ca1cc77ac9c65', '2de92c6f592b0275', '4a7484aa6ea6e483', '5cb0a9dcbd41fbd4', '76f988da831153b5',
  '983e5152ee66dfab', 'a831c66d2db43210', 'b00327c898fb213f', 'bf597fc7beef0ee4', 'c6e00bf33da88fc2', 'd5a79147930aa725', '06ca6351e003826f', '142929670a0e6e70',
  '27b70a8546d22ffc', '2e1b21385c26c926', '4d2c6dfc5ac42aed', '53380d139d95b3df', '650a73548baf63de', '766a0abb3c77b2a8', '81c2c92e47edaee6', '92722c851482353b',
  'a2bfe8a14cf10364', 'a81a664bbc423001', 'c24b8b70d0f89791', 'c76c51a30654be30', 'd192e819d6ef5218', 'd69906245565a910', 'f40e35855771202a', '106aa07032bbd1b8',
  '19a4c116b8d2d0c8', '1e376c085141ab53', '2748774cdf8eeb99', '34b0bcb5e19b48a8', '391c0cb3c5c95a63', '4ed8aa4ae3418acb', '5b9cca4f7763e373', '682e6ff3d6b2b8a3',
  '748f82ee5defb2fc', '78a5636f43172f60', '84c87814a1f0ab72', '8cc702081a6439ec', '90befffa23631e28', 'a4506cebde82bde9', 'bef9a3f7b2c67915', 'c67178f2e372532b',
  'ca273eceea26619c', 'd186b8c721c0c207', 'eada7dd6cde0eb1e', 'f57d4f7fee6ed178', '06f067aa72176fba', '0a637dc5a2c898a6', '113f9804bef90dae', '1b710b35131c471b',
  '28db77f523047d84', '32caab7b40c72493', '3c9ebe0a15c9bebc', '431d67c49c100d4c', '4cc5d4becb3e42b6', '597f299cfc657e2a', '5fcb6fab3ad6faec', '6c44198c4a475817',
].flatMap((h) => [parseInt(h.slice(0, 8), 16) | 0, parseInt(h.slice(8), 16) | 0]);

const H0 = ['6a09e667f3bcc908', 'bb67ae8584caa73b', '3c6ef372fe94f82b', 'a54ff53a5f1d36f1', '510e527fade682d1', '9b05688c2b3e6c1f', '1f83d9abfb41bd6b', '5be0cd19137e2179'].flatMap((h) => [
  parseInt(h.slice(0, 8), 16) | 0,
  parseInt(h.slice(8), 16) | 0,
]);

function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** Rotate right the 64-bit word (hi, lo) by n (0 < n < 64): [hi, lo]. */
function rotr(hi: number, lo: number, n: number): [number, number] {
  if (n === 32) return [lo, hi];
  if (n > 32) {
    [hi, lo] = [lo, hi];
    n -= 32;
  }
  return [(hi >>> n) | (lo << (32 - n)), (lo >>> n) | (hi << (32 - n))];
}
function shr(hi: number, lo: number, n: number): [number, number] {
  return n < 32 ? [hi >>> n, (lo >>> n) | (hi << (32 - n))] : [0, hi >>> (n - 32)];
}
/** Adds 64-bit words given as alternating hi, lo. */
function add(...words: number[]): [number, number] {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < words.length; i += 2) {
    const l = (lo >>> 0) + (words[i + 1]! >>> 0);
    hi = (hi + words[i]! + Math.floor(l / 0x100000000)) | 0;
    lo = l | 0;
  }
  return [hi, lo];
}

export function sha512Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 128 !== 112) bytes.push(0);
  // 128-bit big-endian length; strings here are far below 2^32 bits.
  for (let i = 0; i < 12; i++) bytes.push(0);
  bytes.push((bitLength >>> 24) & 255, (bitLength >>> 16) & 255, (bitLength >>> 8) & 255, bitLength & 255);
  const h = [...H0];
  const w = new Array<number>(160);
  for (let block = 0; block < bytes.length; block += 128) {
    for (let i = 0; i < 32; i++) {
      const o = block + i * 4;
      w[i] = (bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!;
    }
    for (let i = 16; i < 80; i++) {
      const [ah, al] = [w[(i - 15) * 2]!, w[(i - 15) * 2 + 1]!];
      const r1 = rotr(ah, al, 1);
      const r8 = rotr(ah, al, 8);
      const s7 = shr(ah, al, 7);
      const [bh, bl] = [w[(i - 2) * 2]!, w[(i - 2) * 2 + 1]!];
      const r19 = rotr(bh, bl, 19);
      const r61 = rotr(bh, bl, 61);
      const s6 = shr(bh, bl, 6);
      const s0 = [r1[0] ^ r8[0] ^ s7[0], r1[1] ^ r8[1] ^ s7[1]];
      const s1 = [r19[0] ^ r61[0] ^ s6[0], r19[1] ^ r61[1] ^ s6[1]];
      const [th, tl] = add(w[(i - 16) * 2]!, w[(i - 16) * 2 + 1]!, s0[0]!, s0[1]!, w[(i - 7) * 2]!, w[(i - 7) * 2 + 1]!, s1[0]!, s1[1]!);
      w[i * 2] = th;
      w[i * 2 + 1] = tl;
    }
    let [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl] = h as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
    for (let i = 0; i < 80; i++) {
      const e14 = rotr(eh, el, 14);
      const e18 = rotr(eh, el, 18);
      const e41 = rotr(eh, el, 41);
      const sum1 = [e14[0] ^ e18[0] ^ e41[0], e14[1] ^ e18[1] ^ e41[1]];
      const choose = [(eh & fh) ^ (~eh & gh), (el & fl) ^ (~el & gl)];
      const t1 = add(hh, hl, sum1[0]!, sum1[1]!, choose[0]!, choose[1]!, K[i * 2]!, K[i * 2 + 1]!, w[i * 2]!, w[i * 2 + 1]!);
      const a28 = rotr(ah, al, 28);
      const a34 = rotr(ah, al, 34);
      const a39 = rotr(ah, al, 39);
      const sum0 = [a28[0] ^ a34[0] ^ a39[0], a28[1] ^ a34[1] ^ a39[1]];
      const majority = [(ah & bh) ^ (ah & ch) ^ (bh & ch), (al & bl) ^ (al & cl) ^ (bl & cl)];
      const t2 = add(sum0[0]!, sum0[1]!, majority[0]!, majority[1]!);
      [hh, hl, gh, gl, fh, fl] = [gh, gl, fh, fl, eh, el];
      [eh, el] = add(dh, dl, t1[0], t1[1]);
      [dh, dl, ch, cl, bh, bl] = [ch, cl, bh, bl, ah, al];
      [ah, al] = add(t1[0], t1[1], t2[0], t2[1]);
    }
    const next = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
    for (let i = 0; i < 16; i += 2) [h[i], h[i + 1]] = add(h[i]!, h[i + 1]!, next[i]!, next[i + 1]!);
  }
  return h.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}
