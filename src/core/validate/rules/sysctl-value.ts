// How the kernel reads a number written to a sysctl file and prints it back. proc_dointvec and its kin parse
// each number with base 0 (a leading 0 is octal, 0x hex), skip spaces around and between numbers, and print
// the numbers in decimal, tab-separated. tuning writes the value as given and its CHECK compares the file's
// text with it exactly, so a value the kernel prints otherwise fails every CHECK.

const NUMBER = /^[-+]?(?:0[xX][0-9a-fA-F]+|\d+)$/;

/** What the kernel makes of a value made of numbers only, or undefined for any other value (no claim). */
export function sysctlNumbers(value: string): { refused: string } | { printed: string } | undefined {
  const tokens = value.trim().split(/\s+/);
  if (value.trim() === '' || !tokens.every((t) => NUMBER.test(t))) return undefined;
  const printed: string[] = [];
  for (const token of tokens) {
    // The kernel takes a minus sign, not a plus (its write fails as the octal one's does).
    if (token.startsWith('+')) return { refused: token };
    const negative = token.startsWith('-');
    const digits = negative ? token.slice(1) : token;
    // A leading 0 makes the rest octal, where 8 and 9 are no digits: the kernel stops there and refuses the write.
    if (/^0\d*[89]/.test(digits)) return { refused: token };
    const n = /^0[xX]/.test(digits) ? BigInt(digits) : /^0\d/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
    // Beyond a 64-bit long the kernel refuses or clamps by file: no claim.
    if (n > 2n ** 63n) return undefined;
    printed.push(String(negative ? -n : n));
  }
  return { printed: printed.join('\t') };
}
