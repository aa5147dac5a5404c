// How a partner system gets a token: the token endpoint and a ready curl command. The secret is a shell
// variable placeholder, never a real value.
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
import type { ApplicationDetail } from '../../api/types.ts';
import { CopyButton } from '../../components/copy-button.tsx';

export const SECRET_PLACEHOLDER = '$CLIENT_SECRET';

/** A client_credentials token request; client IDs follow the naming convention, so single quotes suffice. */
export function curlExample(tokenEndpoint: string, clientId: string): string {
  return [
    `curl -X POST '${tokenEndpoint}' \\`,
    `  -d grant_type=client_credentials \\`,
    `  -d client_id='${clientId}' \\`,
    `  --data-urlencode client_secret="${SECRET_PLACEHOLDER}"`,
  ].join('\n');
}

/** A term whose value the manager copies into their system's configuration. */
function CopyableValue({ term, value }: { term: string; value: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>
        <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" textAriaLabel={term}>
          {value}
        </ClipboardCopy>
      </DescriptionListDescription>
    </DescriptionListGroup>
  );
}

export function ConnectionDetails({ application }: { application: ApplicationDetail }) {
  const curl = curlExample(application.tokenEndpoint, application.clientId);
  return (
    <section className="credman-section" aria-labelledby="credman-connection">
      <Title headingLevel="h2" id="credman-connection">
        Getting a token
      </Title>
      <DescriptionList isHorizontal>
        <CopyableValue term="Client ID" value={application.clientId} />
        <CopyableValue term="Token endpoint" value={application.tokenEndpoint} />
      </DescriptionList>
      <Content component="p">
        Example request with the client credentials grant (set <code>CLIENT_SECRET</code> to your secret
        first):
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
