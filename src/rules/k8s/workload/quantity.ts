/** Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`), as the API server parses them. */

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

export interface Quantity {
  value: number;
  suffix: string;
}

/** The quantity's value, or null when the API server would reject it. Numbers in YAML are quantities too. */
export function parseQuantity(raw: unknown): Quantity | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? { value: raw, suffix: '' } : null;
  if (typeof raw !== 'string') return null;
  const match = QUANTITY.exec(raw.trim());
  if (!match) return null;
  const [, number, exponent, suffix = ''] = match;
  const value = Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : SUFFIX[suffix]);
  return Number.isFinite(value) ? { value, suffix: exponent ? 'e' : suffix } : null;
}

/** What someone probably meant by an invalid quantity: `512mb` → `512Mi`, `1gi` → `1Gi`. */
export function suggestQuantity(raw: string): string | null {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgtpe])(i?)b?$/i.exec(raw.trim());
  if (!match) return null;
  const [, number, unit] = match;
  return `${number}${unit.toUpperCase() === 'K' ? 'K' : unit.toUpperCase()}i`;
}
