import { describe, expect, it } from 'vitest';
import { applicationPage, applicationsPage, createApplicationPage, overviewPage } from './console-paths.ts';

describe('console paths', () => {
  it('builds an application page with the client ID URL-encoded', () => {
    expect(applicationPage.to({ clientId: 'Partner-NL-A B/DM' })).toBe('/applications/Partner-NL-A%20B%2FDM');
    expect(applicationPage.pattern).toBe('/applications/:clientId');
  });

  it('gives the pages without parameters their fixed paths', () => {
    expect(applicationsPage.to()).toBe('/');
    expect(createApplicationPage.to()).toBe('/operator/applications/new');
    expect(overviewPage.to()).toBe('/operator/overview');
  });

  it('refuses a missing parameter instead of linking to a wrong page', () => {
    expect(() => applicationPage.to({} as { clientId: string })).toThrow(RangeError);
  });
});
