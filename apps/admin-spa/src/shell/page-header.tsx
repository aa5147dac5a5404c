// The top of every page, as in Keycloak's admin console: breadcrumbs back to where the page sits (none on the
// start page), the page's <h1>, and the browser tab's title ("<page> - credman") so tabs and history tell pages
// apart.
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Breadcrumb, BreadcrumbItem, PageBreadcrumb, PageSection, Title } from '@patternfly/react-core';

export interface Crumb {
  label: string;
  to: string;
}

export function documentTitle(title: string): string {
  return `${title} - credman`;
}

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = documentTitle(title);
  }, [title]);
}

/** The breadcrumbs: `trail` links up, then the current page (not a link). */
export function PageBreadcrumbs({ trail, current }: { trail: Crumb[]; current: string }) {
  return (
    <PageBreadcrumb>
      <Breadcrumb>
        {trail.map((crumb) => (
          <BreadcrumbItem
            key={crumb.to}
            render={({ className }) => (
              <Link className={className} to={crumb.to}>
                {crumb.label}
              </Link>
            )}
          />
        ))}
        <BreadcrumbItem isActive>{current}</BreadcrumbItem>
      </Breadcrumb>
    </PageBreadcrumb>
  );
}

/** Breadcrumbs (when `trail` is given), the <h1> and what follows it (`children`), and the tab's title. */
export function PageHeader(props: {
  title: string;
  /** The <h1> when it differs from the tab's title. */
  heading?: ReactNode;
  trail?: Crumb[];
  children?: ReactNode;
}) {
  usePageTitle(props.title);
  return (
    <>
      {props.trail === undefined ? null : <PageBreadcrumbs trail={props.trail} current={props.title} />}
      <PageSection>
        <Title headingLevel="h1" className="credman-break-anywhere">
          {props.heading ?? props.title}
        </Title>
        {props.children}
      </PageSection>
    </>
  );
}
