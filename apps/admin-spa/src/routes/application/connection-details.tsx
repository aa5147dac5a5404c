// How a partner system gets a token: the client ID, the token endpoint and a ready curl command in the README's
// form (HTTP Basic with the client ID and secret, and `scope` naming the application's permissions). The secret
// is a shell variable placeholder, never a real value. Values wrap at any point with their copy icon inline, so a
// phone shows them whole.
import {
  ClipboardCopy,
  CodeBlock,
  CodeBlockAction,
  CodeBlockCode,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Title,
} from '@patternfly/react-core';
import type { ApplicationDetail } from '@credman/api-contract';
import { CopyButton } from '../../components/copy-button.tsx';

export const SECRET_PLACEHOLDER = '$CLIENT_SECRET';

/**
 * A client_credentials token request. Client IDs follow the naming convention and secrets are letters and
 * digits, so `-u` needs no encoding; scopes are single words, joined by spaces as OAuth wants them.
 */
export function curlExample(tokenEndpoint: string, clientId: string, scopes: string[] = []): string {
  return [
    `curl -s '${tokenEndpoint}' \\`,
    `  -u "${clientId}:${SECRET_PLACEHOLDER}" \\`,
    ...(scopes.length === 0
      ? ['  -d grant_type=client_credentials']
      : ['  -d grant_type=client_credentials \\', `  -d scope='${scopes.join(' ')}'`]),
  ].join('\n');
}

/** A term whose value the manager copies into their system's configuration. */
function CopyableValue({ term, value }: { term: string; value: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>
        <ClipboardCopy
          variant="inline-compact"
          isCode
          hoverTip="Copy"
          clickTip="Copied"
          copyAriaLabel={`Copy the ${term.toLowerCase()}`}
          className="credman-copy-value"
          data-testid={term}
        >
          {value}
        </ClipboardCopy>
      </DescriptionListDescription>
    </DescriptionListGroup>
  );
}

export function ConnectionDetails({ application }: { application: ApplicationDetail }) {
  const curl = curlExample(application.tokenEndpoint, application.clientId, application.permissions);
  return (
    <section className="credman-section" aria-labelledby="credman-connection">
      <Title headingLevel="h2" id="credman-connection">
        Getting a token
      </Title>
      <DescriptionList isHorizontal isCompact horizontalTermWidthModifier={{ default: '10rem' }}>
        <CopyableValue term="Client ID" value={application.clientId} />
        <CopyableValue term="Token endpoint" value={application.tokenEndpoint} />
      </DescriptionList>
      <Content component="p">
        Example request with the client credentials grant (set <code>CLIENT_SECRET</code> to your secret
        first).{' '}
        {application.permissions.length === 0 ? null : (
          <>
            <code>scope</code> names the permissions the token carries: any of this application's (
            {application.permissions.join(', ')}); without it the token carries them all.
          </>
        )}
      </Content>
      <CodeBlock
        actions={
          <CodeBlockAction>
            <CopyButton text={curl} label="Copy the curl example" />
          </CodeBlockAction>
        }
      >
        <CodeBlockCode>{curl}</CodeBlockCode>
      </CodeBlock>
    </section>
  );
}
