import { describe, expect, it } from 'vitest';
import { sysctlNumbers } from './sysctl-value';

describe('a number written to a sysctl, as the kernel reads and prints it', () => {
  it('prints decimal, tab-separated, without spaces around (what tuning 1.1.1 met in the lab)', () => {
    expect(sysctlNumbers('0500')).toEqual({ printed: '320' });
    expect(sysctlNumbers('0x1')).toEqual({ printed: '1' });
    expect(sysctlNumbers('32768 60999')).toEqual({ printed: '32768\t60999' });
    expect(sysctlNumbers('1 ')).toEqual({ printed: '1' });
    expect(sysctlNumbers('-1')).toEqual({ printed: '-1' });
    expect(sysctlNumbers('0')).toEqual({ printed: '0' });
  });
  it('refuses an octal number with an 8 or a 9, and a plus sign (both seen refused by the kernel)', () => {
    expect(sysctlNumbers('08')).toEqual({ refused: '08' });
    expect(sysctlNumbers('1 019')).toEqual({ refused: '019' });
    expect(sysctlNumbers('+1')).toEqual({ refused: '+1' });
  });
  it('makes no claim about anything but numbers', () => {
    for (const v of ['', ' ', 'cubic', 'fd00::1', '1.5', '1e3', '99999999999999999999']) expect(sysctlNumbers(v)).toBeUndefined();
  });
});
