import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LoggedOutPage } from './logged-out-page.tsx';

describe('the logged-out page', () => {
  it('keeps the console frame: the masthead bar, a page heading (not body text), a way back in, and its own tab title', () => {
    render(<LoggedOutPage />);
    expect(screen.getByRole('banner')).toHaveTextContent('credman');
    const heading = screen.getByRole('heading', { level: 1, name: 'You have logged out' });
    expect(heading).toHaveClass('pf-v6-c-empty-state__title-text');
    expect(screen.getByRole('link', { name: 'Log in again' })).toHaveAttribute('href', '/');
    expect(document.title).toBe('Logged out - credman');
  });
});
