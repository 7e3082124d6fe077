/**
 * A colour per service: a hash of the name picks from a palette, so a service has the same
 * colour in every trace and on every page (within a trace, a clash moves one service on). Each colour contrasts at least 4.5:1 with white
 * (bars and swatches on the white rows, white text on them); none is red, which marks errors.
 */
export const SERVICE_PALETTE = [
  '#1f5fa8', // blue
  '#2b7a3d', // green
  '#8a3fb0', // purple
  '#b35900', // orange
  '#0b7285', // teal
  '#5f3dc4', // indigo
  '#6b6b00', // olive
  '#a61e8c', // magenta
  '#495057', // slate
  '#7c4a1e', // brown
] as const;

/** FNV-1a, 32 bits: cheap, and spreads similar names apart. */
export function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function serviceColor(service: string): string {
  return SERVICE_PALETTE[hashName(service) % SERVICE_PALETTE.length] ?? SERVICE_PALETTE[0];
}

/**
 * The colours of one trace's services: each its hash's colour, unless a service earlier in name
 * order took it, then the next free one, so up to the palette's size no two services share one.
 */
export function serviceColors(services: readonly string[]): Map<string, string> {
  const colors = new Map<string, string>();
  const taken = new Set<number>();
  for (const service of [...new Set(services)].sort()) {
    let slot = hashName(service) % SERVICE_PALETTE.length;
    for (let tries = 0; taken.has(slot) && tries < SERVICE_PALETTE.length; tries++) {
      slot = (slot + 1) % SERVICE_PALETTE.length;
    }
    taken.add(slot);
    colors.set(service, SERVICE_PALETTE[slot] ?? SERVICE_PALETTE[0]);
  }
  return colors;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const channel = (value: number) => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (hex: string) => {
    const n = Number.parseInt(hex.slice(1), 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
