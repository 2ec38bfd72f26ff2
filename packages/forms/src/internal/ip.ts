import { isIPv4, isIPv6 } from 'node:net';

/** Whether a text is an IPv4 address as Python's `ipaddress` reads it (no leading zeros). */
export function isValidIpv4(value: string): boolean {
  return isIPv4(value) && !value.split('.').some((octet) => octet !== '0' && octet[0] === '0');
}

/** Whether a text is an IPv6 address. */
export function isValidIpv6(value: string): boolean {
  return isIPv6(value);
}

/** The eight 16-bit groups of an IPv6 address, or `null`. */
function hextets(value: string): number[] | null {
  if (!isIPv6(value) || value.includes('%')) return null;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(value);
  let text = value;
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${value.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((p) => parseInt(p, 16)) : []);
  if (!text.includes('::')) return parse(text);
  const [head = '', tail = ''] = text.split('::');
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** Python's `str(IPv6Address(...))`: lower-case, the longest run of zero groups as `::`. */
function compress(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  const left = hex.slice(0, bestStart).join(':');
  const right = hex.slice(bestStart + bestLength).join(':');
  return `${left}::${right}`;
}

/**
 * Django's `clean_ipv6_address`: the compressed form; an IPv4-mapped address comes back as
 * `::ffff:a.b.c.d`, or as `a.b.c.d` with `unpackIpv4`. `null` when it is not an address.
 */
export function cleanIpv6Address(value: string, unpackIpv4: boolean): string | null {
  const groups = hextets(value);
  if (!groups || groups.length !== 8) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const v4 = [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
    return unpackIpv4 ? v4 : `::ffff:${v4}`;
  }
  return compress(groups);
}
