// Who to ask for access or help (the sidecar's CREDMAN_SUPPORT_EMAIL and CREDMAN_SUPPORT_TEXT, served in
// /api/console-config): main.tsx provides it, and the places a user may be stuck show it — the applications
// page of someone who manages none, and the error pages. Nothing shows when it is not configured.
import { createContext, useContext } from 'react';
import { Content } from '@patternfly/react-core';
import type { ConsoleConfig } from '@credman/api-contract';

export type SupportContact = NonNullable<ConsoleConfig['support']>;

const SupportContext = createContext<SupportContact | null>(null);

export const SupportProvider = SupportContext.Provider;

/** The configured contact's sentence and address as a mail link; nothing without one. */
export function SupportLine() {
  const support = useContext(SupportContext);
  if (support === null) return null;
  return (
    <Content component="p" data-testid="support-contact">
      {support.text} <a href={`mailto:${support.email}`}>{support.email}</a>
    </Content>
  );
}
