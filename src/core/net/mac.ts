// MAC addresses as Go's net.ParseMAC reads the 6-byte kind: "02:00:5e:00:00:01", "02-00-5e-00-00-01" or
// "0200.5e00.0001", any case. Two spellings of one address are one address: whoever compares them (the
// lab's check of the machine's links) compares bytes.

/** The six bytes of a MAC address in any of Go's spellings, or undefined. */
export function macBytes(text: string): number[] | undefined {
  const groups = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i.test(text) ? text.split(/[:-]/) : /^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/i.test(text) ? text.replace(/\./g, '').match(/../g) : undefined;
  return groups?.map((g) => parseInt(g, 16));
}

/** How Linux (and Go's HardwareAddr.String) prints a MAC address: lowercase, colons. */
export const canonicalMac = (bytes: readonly number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');

/** The address as Linux prints it, when `text` is one in any of Go's spellings. */
export const macAsLinuxPrints = (text: string): string | undefined => {
  const bytes = macBytes(text);
  return bytes && canonicalMac(bytes);
};
