// Whether credman's Keycloak extension is installed (docs/architecture.md#last-use-per-secret): read through the
// port (`GET …/credman/info`, 404 on stock Keycloak) and re-checked every `cacheMs`, so installing or removing
// the extension shows without a restart. Without it credman works as on stock Keycloak and says what it lacks.
import { EXTENSION_FEATURES } from './port.ts';
import type { ExtensionInfo } from './port.ts';

/** How long an answer counts; a failed read is retried at the next call. */
export const EXTENSION_CHECK_MS = 5 * 60_000;

/** What credman cannot do without each feature, in the words `/readyz`, the log and the console use. */
export const MISSING_WITHOUT = {
  [EXTENSION_FEATURES.secretSlot]: 'which secret a login used',
  [EXTENSION_FEATURES.retiredSecret]: 'retired secrets presented again',
} as const;

/** Where "which secret a login used" comes from (the API's `lastUseAttribution`). */
export type LastUseAttribution = 'extension' | 'keycloak' | 'none';

/** What the extension's absence (or an older version's) costs: the `missing` list. */
export function missingFeatures(info: ExtensionInfo | undefined): string[] {
  return Object.entries(MISSING_WITHOUT)
    .filter(([feature]) => !(info?.present === true && info.features.includes(feature)))
    .map(([, text]) => text);
}

export function hasFeature(info: ExtensionInfo | undefined, feature: string): boolean {
  return info?.present === true && info.features.includes(feature);
}

export interface ExtensionStatusOptions {
  read: () => Promise<ExtensionInfo>;
  now: () => number;
  cacheMs?: number;
  /** A 26.8+ event detail key is configured (CREDMAN_ROTATED_SECRET_EVENT_DETAIL). */
  rotatedSecretEventDetail?: string | undefined;
}

export class ExtensionStatus {
  readonly #options: ExtensionStatusOptions;
  #known: { info: ExtensionInfo; at: number } | undefined;
  #pending: Promise<ExtensionInfo | undefined> | undefined;

  constructor(options: ExtensionStatusOptions) {
    this.#options = options;
  }

  /** The extension's last known state; undefined when Keycloak could not be asked yet. Never throws. */
  async current(): Promise<ExtensionInfo | undefined> {
    const known = this.#known;
    if (known && this.#options.now() - known.at < (this.#options.cacheMs ?? EXTENSION_CHECK_MS))
      return known.info;
    this.#pending ??= this.#options
      .read()
      .then((info) => {
        this.#known = { info, at: this.#options.now() };
        return info;
      })
      .catch(() => known?.info)
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }

  async attribution(): Promise<LastUseAttribution> {
    if (hasFeature(await this.current(), EXTENSION_FEATURES.secretSlot)) return 'extension';
    return this.#options.rotatedSecretEventDetail === undefined ? 'none' : 'keycloak';
  }

  /** Whether Keycloak answers the due index, so the timed jobs read only what is due (docs/architecture.md#the-due-index). */
  async hasDueIndex(): Promise<boolean> {
    return hasFeature(await this.current(), EXTENSION_FEATURES.dueIndex);
  }

  /** Whether Keycloak claims and writes a page of applications in one call each (the reminder run's batch). */
  async hasRecordsBatch(): Promise<boolean> {
    return hasFeature(await this.current(), EXTENSION_FEATURES.recordsBatch);
  }

  /** Whether refused logins with a retired secret are reported (the retired-secret job runs only then). */
  async reportsRetiredSecrets(): Promise<boolean> {
    return hasFeature(await this.current(), EXTENSION_FEATURES.retiredSecret);
  }
}
