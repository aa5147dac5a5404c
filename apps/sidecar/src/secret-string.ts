import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A configuration secret (client secret, SMTP URL with a password). Logging, JSON serialisation, string
 * interpolation and util.inspect all show `[redacted]`; only an explicit `reveal()` gives the value, so a
 * config object that ends up in a log line or an error message cannot leak it.
 */
export class SecretString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
