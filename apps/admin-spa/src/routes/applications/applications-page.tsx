// The start page: the applications the user manages (operators: all) with their secrets at a glance. One
// request besides /api/me: everything shown, including the expiry banner, comes from the list's summaries.
// Operators also see the last realm scan's columns and may filter by them (the scan's age is then shown).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { ApplicationFilter, RealmScan } from '@credman/api-contract';
import {
  Alert,
  Button,
  Content,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  PageSection,
  Pagination,
  SearchInput,
  Spinner,
  ToggleGroup,
  ToggleGroupItem,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { APPLICATIONS_PER_PAGE, applicationsQuery } from '../../api/queries.ts';
import type { ApplicationList, Me } from '@credman/api-contract';
import { useAuth } from '../../auth/auth-context.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatDateTime } from '../../components/format.ts';
import { scanAge } from '../../components/scan-age.ts';
import { PageHeader } from '../../shell/page-header.tsx';
import { SupportLine } from '../../components/support-contact.tsx';
import { ApplicationsTable } from './applications-table.tsx';
import { ExpiringSoonBanner } from './expiring-soon-banner.tsx';
import { overviewPage } from '@credman/domain';
import { FILTER_EMPTY, FILTER_LABELS, FILTERS, parseFilter } from './list-filter.ts';

/** Operators see every application; managers only theirs. The wording says which one the reader is. */
function subtitle(user: Me | undefined): string {
  if (user?.isOperator === true)
    return 'Every application. As an operator you create applications and choose their credential managers; the managers rotate the secrets.';
  return 'The applications whose client secrets you manage. Open one to create, rotate or delete its secrets.';
}

/** The list's state in the URL (search, filter, page), so a filtered page can be linked and reloaded. */
function useListParams(isOperator: boolean) {
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get('search') ?? '';
  // Only operators may filter (the sidecar refuses a manager's filter).
  const filter = isOperator ? parseFilter(searchParams.get('filter')) : undefined;
  const page = Math.max(1, Math.floor(Number(searchParams.get('page') ?? '1')) || 1);
  const go = (next: { search?: string; filter?: ApplicationFilter | undefined; page?: number }) => {
    const wanted = { search, filter, page: 1, ...next };
    // Only the parameters that say something: a key present is in the URL, even as "undefined".
    setSearchParams({
      ...(wanted.search === '' ? {} : { search: wanted.search }),
      ...(wanted.filter === undefined ? {} : { filter: wanted.filter }),
      ...(wanted.page > 1 ? { page: String(wanted.page) } : {}),
    });
  };
  return { search, filter, page, go };
}

export function ApplicationsPage() {
  const { user } = useAuth();
  const isOperator = user?.isOperator === true;
  const { search, filter, page, go } = useListParams(isOperator);
  const list = useQuery(applicationsQuery(search, (page - 1) * APPLICATIONS_PER_PAGE, filter));
  const goToPage = (next: number) => {
    go({ page: next });
  };

  return (
    <>
      <PageHeader title="Applications">
        <Content component="p">{subtitle(user)}</Content>
        {isOperator ? <OverviewLink /> : null}
      </PageHeader>
      <PageSection>
        <ApplicationSearch
          key={search}
          initial={search}
          onSearch={(value) => {
            go({ search: value.trim() });
          }}
          filter={
            isOperator
              ? {
                  value: filter,
                  onChange: (next) => {
                    go({ filter: next });
                  },
                }
              : undefined
          }
        />
        {filter !== undefined && list.data?.scan ? <ScanAge scan={list.data.scan} /> : null}
        {list.isPending ? (
          <Spinner aria-label="Loading applications" />
        ) : list.isError ? (
          <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <ListBody
            list={list.data}
            search={search}
            filter={filter}
            page={page}
            isOperator={isOperator}
            onSetPage={goToPage}
          />
        )}
      </PageSection>
    </>
  );
}

function ListBody(props: {
  list: ApplicationList;
  search: string;
  filter: ApplicationFilter | undefined;
  page: number;
  isOperator: boolean;
  onSetPage: (page: number) => void;
}) {
  const { list, search, filter, page } = props;
  if (list.applications.length === 0 && page > 1)
    return (
      <PastTheLastPage
        onBack={() => {
          props.onSetPage(1);
        }}
      />
    );
  if (filter !== undefined && list.scan === null) return <NoScanYet />;
  if (filter !== undefined && list.applications.length === 0)
    return <NoneInState filter={filter} search={search} />;
  if (list.applications.length === 0) return <NoApplications search={search} isOperator={props.isOperator} />;
  return (
    <>
      <ExpiringSoonBanner applications={list.applications} />
      <ApplicationsTable applications={list.applications} withCondition={props.isOperator} />
      {(list.hasMore || page > 1) && (
        <ApplicationPages
          page={page}
          shown={list.applications.length}
          hasMore={list.hasMore}
          onSetPage={props.onSetPage}
        />
      )}
    </>
  );
}

/** Operators: the way to the overview of every application. */
function OverviewLink() {
  return (
    <Content component="p">
      <Link to={overviewPage.to()}>Overview</Link>: upcoming expiries and the applications that need action.
    </Content>
  );
}

/** An empty list: nothing matches the search, or the user manages nothing yet (then: whom to ask for access). */
function NoApplications({ search, isOperator }: { search: string; isOperator: boolean }) {
  return (
    <EmptyState titleText="No applications" headingLevel="h2">
      <EmptyStateBody>
        {search === ''
          ? 'You do not manage any application yet. An operator can make you a credential manager.'
          : `No application matches "${search}".`}
      </EmptyStateBody>
      {search === '' && !isOperator ? (
        <EmptyStateFooter>
          <SupportLine />
        </EmptyStateFooter>
      ) : null}
    </EmptyState>
  );
}

/** The filtered list is the realm scan's: how old it is, so nobody takes it for the live state. */
function ScanAge({ scan }: { scan: RealmScan }) {
  return (
    <Content component="p" data-testid="scan-age">
      Filtered by the realm scan of {formatDateTime(scan.at)} ({scanAge(scan.at, Date.now())}); applications
      may have changed since. The secrets shown are current.
    </Content>
  );
}

function NoScanYet() {
  return (
    <Alert variant="info" isInline title="No realm scan yet">
      The filters use the sidecar&apos;s scan of every application, which has not completed yet; it runs at
      start and then every 15 minutes. Reload in a minute, or show all applications.
    </Alert>
  );
}

/** A filter that matches nothing: says which, in its own words. */
function NoneInState({ filter, search }: { filter: ApplicationFilter; search: string }) {
  return (
    <EmptyState titleText={`None: ${FILTER_LABELS[filter]}`} headingLevel="h2">
      <EmptyStateBody>
        {search === '' ? FILTER_EMPTY[filter] : `No application matching "${search}" is in this state.`}
      </EmptyStateBody>
    </EmptyState>
  );
}

/** A page past the last (an old link, or applications removed meanwhile): says so and offers the way back. */
function PastTheLastPage({ onBack }: { onBack: () => void }) {
  return (
    <EmptyState titleText="No more applications" headingLevel="h2">
      <EmptyStateBody>This page is past the last application.</EmptyStateBody>
      <EmptyStateFooter>
        <Button variant="link" onClick={onBack}>
          Back to the first page
        </Button>
      </EmptyStateFooter>
    </EmptyState>
  );
}

/**
 * Pages without a total, as Keycloak's own console pages its clients: counting every application would cost the
 * server a scan of all (docs/architecture.md#listing-applications-at-scale), so the pager knows only whether a
 * next page exists and shows "first - last" without "of".
 */
function ApplicationPages(props: {
  page: number;
  shown: number;
  hasMore: boolean;
  onSetPage: (page: number) => void;
}) {
  const first = (props.page - 1) * APPLICATIONS_PER_PAGE;
  return (
    <Pagination
      isCompact
      itemCount={first + props.shown + (props.hasMore ? 1 : 0)}
      perPage={APPLICATIONS_PER_PAGE}
      perPageOptions={[{ title: String(APPLICATIONS_PER_PAGE), value: APPLICATIONS_PER_PAGE }]}
      page={props.page}
      toggleTemplate={() => (
        <b>
          {first + 1} - {first + props.shown}
        </b>
      )}
      onSetPage={(_event, next) => {
        props.onSetPage(next);
      }}
      titles={{ paginationAriaLabel: 'Pages of applications' }}
    />
  );
}

/** The search box searches on Enter (the server filters), not on every keystroke; operators also filter. */
function ApplicationSearch({
  initial,
  onSearch,
  filter,
}: {
  initial: string;
  onSearch: (value: string) => void;
  filter:
    | { value: ApplicationFilter | undefined; onChange: (next: ApplicationFilter | undefined) => void }
    | undefined;
}) {
  const [value, setValue] = useState(initial);
  return (
    <Toolbar>
      <ToolbarContent>
        <ToolbarItem>
          <SearchInput
            aria-label="Search applications by client ID"
            placeholder="Search by client ID"
            value={value}
            onChange={(_event, next) => {
              setValue(next);
            }}
            onSearch={(_event, next) => {
              onSearch(next);
            }}
            onClear={() => {
              setValue('');
              onSearch('');
            }}
          />
        </ToolbarItem>
        {filter === undefined ? null : (
          <ToolbarItem>
            {/* Six choices do not fit a phone's width in one row: they wrap instead of scrolling sideways. */}
            <ToggleGroup aria-label="Filter by condition" isCompact style={{ flexWrap: 'wrap' }}>
              {[undefined, ...FILTERS].map((choice) => (
                <ToggleGroupItem
                  key={choice ?? 'all'}
                  text={choice === undefined ? 'All' : FILTER_LABELS[choice]}
                  isSelected={filter.value === choice}
                  onChange={() => {
                    filter.onChange(choice);
                  }}
                />
              ))}
            </ToggleGroup>
          </ToolbarItem>
        )}
      </ToolbarContent>
    </Toolbar>
  );
}
