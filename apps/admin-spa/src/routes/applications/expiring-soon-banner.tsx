// Warns about applications whose next secret expires within 30 days, so nobody learns it from a failing system.
// An application that already holds a second live secret is mid-rotation (expiry-state.ts, the list's column says
// so too): the replacement exists, so the banner stops nagging about it.
import { Link } from 'react-router';
import { Alert, List, ListItem } from '@patternfly/react-core';
import type { ApplicationSummary } from '@credman/api-contract';
import { formatDate, relativeDays } from '../../components/format.ts';
import { applicationPage } from '@credman/domain';
import { expiryState } from './expiry-state.ts';

export function ExpiringSoonBanner({ applications }: { applications: ApplicationSummary[] }) {
  const expiring = applications.flatMap((application) =>
    expiryState(application) === 'expiring-without-successor' && application.nearestExpiry !== undefined
      ? [{ clientId: application.clientId, expiresAt: application.nearestExpiry.expiresAt }]
      : [],
  );
  if (expiring.length === 0) return null;
  return (
    <Alert
      variant="warning"
      isInline
      component="h2"
      title={
        expiring.length === 1
          ? 'A secret expires within 30 days'
          : `Secrets of ${expiring.length} applications expire within 30 days`
      }
    >
      <p>Create a new secret, update your systems, then delete the old one.</p>
      <List>
        {expiring.map(({ clientId, expiresAt }) => (
          <ListItem key={clientId}>
            <Link to={applicationPage.to({ clientId })}>{clientId}</Link>: expires {formatDate(expiresAt)} (
            {relativeDays(expiresAt)})
          </ListItem>
        ))}
      </List>
    </Alert>
  );
}
