/**
 * Data kept on an object without being part of it: a property under a private
 * symbol, not enumerable (spread, JSON, `Object.keys` and deep equality do not
 * see it; copies made by spread do not carry it), with the WeakMap interface.
 *
 * Why not a WeakMap: the analysis keeps tens of thousands of entries per run
 * (per command, script and source), and V8 (Node 20) processes WeakMap
 * entries whose keys are young in every scavenge, iterating when a value
 * reaches other keys (a script's `source` is the key of its own entry). That
 * made the garbage collector's work several times larger; a property costs
 * nothing to the collector. Objects that cannot take a property (frozen) fall
 * back to a WeakMap.
 */
export class HiddenSlot<K extends object, V> {
  private readonly symbol: symbol;
  private fallback: WeakMap<K, V> | null = null;

  constructor(description: string) {
    this.symbol = Symbol(description);
  }

  get(key: K): V | undefined {
    const value = (key as Record<symbol, V | undefined>)[this.symbol];
    return value !== undefined || this.fallback === null ? value : this.fallback.get(key);
  }

  /** Whether a value (other than undefined) is kept for `key`. */
  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V): this {
    if (Object.prototype.hasOwnProperty.call(key, this.symbol)) (key as Record<symbol, V>)[this.symbol] = value;
    else if (Object.isExtensible(key)) Object.defineProperty(key, this.symbol, { value, writable: true, enumerable: false, configurable: true });
    else (this.fallback ??= new WeakMap()).set(key, value);
    return this;
  }
}
