// A Keycloak port that counts the calls of each of its methods, for tests of what a job reads
// (docs/architecture.md#the-due-index): the calls go on to the port it wraps unchanged.
import type { KeycloakPort } from '../keycloak/port.ts';

export interface CountingPort<T extends KeycloakPort> {
  port: T;
  /** Calls of `method` so far. */
  calls(method: keyof KeycloakPort): number;
  reset(): void;
}

export function countingPort<T extends KeycloakPort>(port: T): CountingPort<T> {
  const counts = new Map<PropertyKey, number>();
  const counted = new Proxy(port, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counts.set(property, (counts.get(property) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return {
    port: counted,
    calls: (method) => counts.get(method) ?? 0,
    reset: () => {
      counts.clear();
    },
  };
}
