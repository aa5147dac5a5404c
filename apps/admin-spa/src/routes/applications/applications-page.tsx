// The start page: the applications the user manages (operators: all) with their secrets at a glance. One
// request besides /api/me: everything shown, including the expiry banner, comes from the list's summaries.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Content,
  EmptyState,
  EmptyStateBody,
  EmptyStateFooter,
  PageSection,
  Pagination,
  SearchInput,
  Spinner,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { APPLICATIONS_PER_PAGE, applicationsQuery } from '../../api/queries.ts';
import type { Me } from '@credman/api-contract';
import { useAuth } from '../../auth/auth-context.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { PageHeader } from '../../shell/page-header.tsx';
import { SupportLine } from '../../components/support-contact.tsx';
import { ApplicationsTable } from './applications-table.tsx';
import { ExpiringSoonBanner } from './expiring-soon-banner.tsx';
import { overviewPage } from '@credman/domain';

/** Operators see every application; managers only theirs. The wording says which one the reader is. */
function subtitle(user: Me | undefined): string {
  if (user?.isOperator === true)
    return 'Every application. As an operator you create applications and choose their credential managers; the managers rotate the secrets.';
  return 'The applications whose client secrets you manage. Open one to create, rotate or delete its secrets.';
}

export function ApplicationsPage() {
  const { user } = useAuth();
  const [searchParams, setSearchParams] = useSearchParams();
  const search = searchParams.get('search') ?? '';
  const page = Math.max(1, Math.floor(Number(searchParams.get('page') ?? '1')) || 1);
  const list = useQuery(applicationsQuery(search, (page - 1) * APPLICATIONS_PER_PAGE));

  const applySearch = (value: string) => {
    const trimmed = value.trim();
    setSearchParams(trimmed === '' ? {} : { search: trimmed });
  };
  const goToPage = (next: number) => {
    setSearchParams({ ...(search === '' ? {} : { search }), ...(next > 1 ? { page: String(next) } : {}) });
  };

  return (
    <>
      <PageHeader title="Applications">
        <Content component="p">{subtitle(user)}</Content>
        {user?.isOperator === true ? <OverviewLink /> : null}
      </PageHeader>
      <PageSection>
        <ApplicationSearch key={search} initial={search} onSearch={applySearch} />
        {list.isPending ? (
          <Spinner aria-label="Loading applications" />
        ) : list.isError ? (
          <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.applications.length === 0 && page > 1 ? (
          <PastTheLastPage
            onBack={() => {
              goToPage(1);
            }}
          />
        ) : list.data.applications.length === 0 ? (
          <NoApplications search={search} isOperator={user?.isOperator === true} />
        ) : (
          <>
            <ExpiringSoonBanner applications={list.data.applications} />
            <ApplicationsTable applications={list.data.applications} />
            {(list.data.hasMore || page > 1) && (
              <ApplicationPages
                page={page}
                shown={list.data.applications.length}
                hasMore={list.data.hasMore}
                onSetPage={goToPage}
              />
            )}
          </>
        )}
      </PageSection>
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

/** The search box searches on Enter (the server filters), not on every keystroke. */
function ApplicationSearch({ initial, onSearch }: { initial: string; onSearch: (value: string) => void }) {
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
      </ToolbarContent>
    </Toolbar>
  );
}
