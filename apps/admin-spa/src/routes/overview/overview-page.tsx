// The operators' overview: counts and upcoming expiries from the sidecar's last realm scan (GET /api/overview,
// which reads no client per request; its age is shown), and the applications needing action, filterable and
// downloadable as CSV. Lazy: none of it is in the initial download.
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  CardBody,
  CardTitle,
  Content,
  EmptyState,
  EmptyStateBody,
  Gallery,
  Label,
  LabelGroup,
  PageSection,
  Spinner,
  Title,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Overview, OverviewApplication } from '@credman/api-contract';
import { apiFetch } from '../../api/client.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { applicationPage } from '@credman/domain';
import { scanAge } from '../../components/scan-age.ts';
import { ExpiryChart } from './expiry-chart.tsx';
import { REASON_LABELS, needingAction, toCsv } from './overview-data.ts';
import type { Reason, ReasonFilter, SandboxFilter } from './overview-data.ts';

export const overviewQuery = () => ({
  queryKey: ['overview'] as const,
  queryFn: ({ signal }: { signal: AbortSignal }) => apiFetch<Overview>('/api/overview', { signal }),
});

export function OverviewPage() {
  const { user } = useAuth();
  const overview = useQuery({ ...overviewQuery(), enabled: user?.isOperator === true });
  if (user?.isOperator !== true)
    return (
      <PageSection>
        <Title headingLevel="h1">Overview</Title>
        <Alert variant="info" isInline title="For operators">
          The overview of every application is for credman operators.
        </Alert>
      </PageSection>
    );
  return (
    <>
      <PageSection>
        <Title headingLevel="h1">Overview</Title>
        {overview.data?.scan ? (
          <Content component="p" data-testid="scan-age">
            From the realm scan of {formatDateTime(overview.data.scan.at)} (
            {scanAge(overview.data.scan.at, Date.now())}); the figures are as old as that scan.
          </Content>
        ) : null}
      </PageSection>
      <PageSection>
        {overview.isPending ? (
          <Spinner aria-label="Loading the overview" />
        ) : overview.isError ? (
          <ProblemAlert error={overview.error} onRetry={() => void overview.refetch()} />
        ) : overview.data.scan === null ? (
          <Alert variant="info" isInline title="No realm scan yet">
            This credman replica has not completed its first scan of the applications yet; it runs at start
            and then every 15 minutes. Reload in a minute.
          </Alert>
        ) : (
          <OverviewBody overview={overview.data} />
        )}
      </PageSection>
    </>
  );
}

const COUNT_STYLE = {
  fontSize: 'var(--pf-t--global--font--size--2xl)',
  fontWeight: 'var(--pf-t--global--font--weight--heading--default)',
};

function OverviewBody({ overview }: { overview: Overview }) {
  const { counts } = overview;
  const cards: [string, number, string][] = [
    ['Applications', counts.applications, 'managed by credman'],
    ['Need action', counts.needingAction, 'applications, listed below'],
    ['Expiring within 7 days', counts.expiringWithoutSuccessor7d, 'secrets without a successor'],
    ['Expiring within 30 days', counts.expiringWithoutSuccessor30d, 'secrets without a successor'],
    ['Expired', counts.expired, 'applications, nothing live since'],
    ['No live secret', counts.noLiveSecret, 'applications'],
    ['Fewer than two managers', counts.fewerThanTwoManagers, 'applications'],
    ['Ended secrets still presented', counts.retiredSecretsPresented, 'secrets, last 7 days'],
  ];
  return (
    <>
      <Gallery hasGutter minWidths={{ default: '150px' }} component="ul" aria-label="Counts">
        {cards.map(([title, value, unit]) => (
          <Card key={title} component="li" isCompact data-testid={`count-${title}`}>
            <CardTitle>{title}</CardTitle>
            <CardBody>
              <span data-testid="count-value" style={COUNT_STYLE}>
                {value}
              </span>{' '}
              <span>{unit}</span>
            </CardBody>
          </Card>
        ))}
      </Gallery>
      <Title headingLevel="h2" style={{ marginBlockStart: 'var(--pf-t--global--spacer--lg)' }}>
        Expiries in the next 12 weeks
      </Title>
      <ExpiryChart weeks={overview.weeks} />
      <NeedingAction applications={overview.applications} />
    </>
  );
}

const REASON_FILTERS: [ReasonFilter, string][] = [
  ['any', 'All'],
  ['expiring-without-successor', REASON_LABELS['expiring-without-successor']],
  ['expired', REASON_LABELS.expired],
  ['no-live-secret', REASON_LABELS['no-live-secret']],
  ['fewer-than-two-managers', REASON_LABELS['fewer-than-two-managers']],
  ['retired-secret-presented', REASON_LABELS['retired-secret-presented']],
];
const SANDBOX_FILTERS: [SandboxFilter, string][] = [
  ['all', 'All'],
  ['production', 'Production'],
  ['sandbox', 'Sandbox only'],
];

function download(applications: readonly OverviewApplication[]) {
  const url = URL.createObjectURL(new Blob([toCsv(applications)], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = 'credman-applications-needing-action.csv';
  anchor.click();
  URL.revokeObjectURL(url);
}

function NeedingAction({ applications }: { applications: OverviewApplication[] }) {
  const [reason, setReason] = useState<ReasonFilter>('any');
  const [sandbox, setSandbox] = useState<SandboxFilter>('all');
  const shown = needingAction(applications, { reason, sandbox });
  return (
    <>
      <Title headingLevel="h2" style={{ marginBlockStart: 'var(--pf-t--global--spacer--lg)' }}>
        Applications needing action
      </Title>
      <NeedingActionToolbar
        reason={reason}
        sandbox={sandbox}
        shown={shown}
        onReason={setReason}
        onSandbox={setSandbox}
      />
      {shown.length === 0 ? (
        <EmptyState titleText="Nothing to do" headingLevel="h3">
          <EmptyStateBody>No application matches these filters.</EmptyStateBody>
        </EmptyState>
      ) : (
        <NeedingActionTable applications={shown} />
      )}
    </>
  );
}

function NeedingActionToolbar(props: {
  reason: ReasonFilter;
  sandbox: SandboxFilter;
  shown: OverviewApplication[];
  onReason: (reason: ReasonFilter) => void;
  onSandbox: (sandbox: SandboxFilter) => void;
}) {
  const { reason, sandbox, shown } = props;
  const setReason = props.onReason;
  const setSandbox = props.onSandbox;
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          {/* Six choices do not fit a phone's width in one row: they wrap instead of scrolling sideways. */}
          <ToggleGroup aria-label="Filter by what needs doing" isCompact style={{ flexWrap: 'wrap' }}>
            {REASON_FILTERS.map(([value, text]) => (
              <ToggleGroupItem
                key={value}
                text={text}
                isSelected={reason === value}
                onChange={() => {
                  setReason(value);
                }}
              />
            ))}
          </ToggleGroup>
        </ToolbarItem>
        <ToolbarItem>
          <ToggleGroup aria-label="Filter by environment" isCompact>
            {SANDBOX_FILTERS.map(([value, text]) => (
              <ToggleGroupItem
                key={value}
                text={text}
                isSelected={sandbox === value}
                onChange={() => {
                  setSandbox(value);
                }}
              />
            ))}
          </ToggleGroup>
        </ToolbarItem>
        <ToolbarItem>
          <Button
            variant="secondary"
            isDisabled={shown.length === 0}
            onClick={() => {
              download(shown);
            }}
          >
            Download CSV ({shown.length})
          </Button>
        </ToolbarItem>
      </ToolbarContent>
    </Toolbar>
  );
}

function NeedingActionTable({ applications }: { applications: OverviewApplication[] }) {
  return (
    <Table aria-label="Applications needing action" variant="compact" data-testid="needing-action">
      <Thead>
        <Tr>
          <Th modifier="wrap">Client ID</Th>
          <Th modifier="wrap">Managers</Th>
          <Th modifier="wrap">Live secrets</Th>
          <Th modifier="wrap">Ends</Th>
          <Th modifier="wrap">Needs</Th>
        </Tr>
      </Thead>
      <Tbody>
        {applications.map((app) => (
          <Tr key={app.clientId}>
            <Td dataLabel="Client ID">
              <Link to={applicationPage.to({ clientId: app.clientId })}>{app.clientId}</Link>{' '}
              {app.sandboxOnly ? (
                <Label color="purple" isCompact>
                  Sandbox
                </Label>
              ) : null}
            </Td>
            <Td dataLabel="Managers">{app.managers ?? 'unknown'}</Td>
            <Td dataLabel="Live secrets">{app.liveSecrets}</Td>
            <Td dataLabel="Ends">
              {app.expiringAt !== null
                ? `expires ${formatDate(app.expiringAt)}`
                : app.expiredAt !== null
                  ? `expired ${formatDate(app.expiredAt)}`
                  : '—'}
            </Td>
            <Td dataLabel="Needs">
              <LabelGroup numLabels={4}>
                {app.reasons.map((item: Reason) => (
                  <Label
                    key={item}
                    status={item === 'fewer-than-two-managers' ? 'warning' : 'danger'}
                    isCompact
                  >
                    {REASON_LABELS[item]}
                  </Label>
                ))}
              </LabelGroup>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
