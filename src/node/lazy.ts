/** Helpers for values whose module is required on first use instead of when the importer loads. */

/** A class from a module loaded later: `new`, static members and `instanceof` reach the real class, loaded then. */
export function lazyClass<C extends object>(real: () => C): C {
  const placeholder = function () {
    /* stands in until first use */
  };
  return new Proxy(placeholder as unknown as C, {
    construct: (_target, args) => Reflect.construct(real() as unknown as new (...a: unknown[]) => object, args),
    get: (_target, key) => {
      const cls = real();
      const value: unknown = Reflect.get(cls, key);
      // Bound so static methods and Symbol.hasInstance see the real class as `this`.
      return typeof value === 'function' ? value.bind(cls) : value;
    },
  });
}
