import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { isoDaysFromNow, secret } from '../../testing/fixtures.ts';
import { formatDateTime } from '../../components/format.ts';
import { RotationGuide } from './rotation-guide.tsx';
import { useFixedNow } from '../../testing/fixed-now.ts';

useFixedNow();

const older = secret({ id: 'old', name: 'Old', hint: 'old', createdAt: isoDaysFromNow(-300) });
const newer = secret({ id: 'new', name: 'New', hint: 'new', createdAt: isoDaysFromNow(-1) });

/** PatternFly marks the current step with aria-current="step". */
const currentStep = () => document.querySelector('[aria-current="step"]');

describe('rotation guide', () => {
  it('given one secret, then step 1 (create) is highlighted', () => {
    // Nearing its expiry: a single secret far from it means the rotation is complete.
    render(<RotationGuide secrets={[{ ...older, expiresAt: isoDaysFromNow(20), status: 'expiring' }]} />);
    expect(currentStep()).toHaveTextContent('1. Create a new secret');
    expect(screen.getByText('"Old" keeps working while you create its replacement.')).toBeInTheDocument();
  });

  it('given a new secret not used yet, then step 2 is highlighted and step 3 says it is unused', () => {
    render(<RotationGuide secrets={[older, newer]} />);
    expect(currentStep()).toHaveTextContent('2. Update your systems');
    expect(screen.getByText('"New": no use seen yet.')).toBeInTheDocument();
  });

  it('given the new secret has been used, then step 4 names the old secret to delete', () => {
    render(<RotationGuide secrets={[older, { ...newer, lastUsedAt: isoDaysFromNow(0) }]} />);
    expect(currentStep()).toHaveTextContent('4. Delete the old secret');
    expect(screen.getByText(/"New" is in use \(last used/)).toBeInTheDocument();
    expect(screen.getByText('Delete "Old" (old…) so it can no longer be used.')).toBeInTheDocument();
  });

  it('given a login Keycloak did not attribute to either secret, then step 3 is highlighted and asks to check the systems', () => {
    const lastUsedAt = isoDaysFromNow(0);
    render(
      <RotationGuide
        secrets={[
          { ...older, lastUsedAt, lastUseAmbiguous: true },
          { ...newer, lastUsedAt, lastUseAmbiguous: true },
        ]}
      />,
    );
    expect(currentStep()).toHaveTextContent('3. Confirm the new secret works');
    expect(
      screen.getByText(
        `A login at ${formatDateTime(lastUsedAt)} while two secrets were live; Keycloak does not say whether it used "New" or "Old". Check in your systems that they all use "New" (new…), then confirm.`,
      ),
    ).toBeInTheDocument();
  });
});

describe('rotation guide: never complete before a use, one wording with the table', () => {
  it('given a first secret never used, then it does not say "Rotation complete" and step 3 waits', () => {
    const first = secret({ id: 'first', name: 'First', hint: 'fir', createdAt: isoDaysFromNow(-1) });
    render(<RotationGuide secrets={[first]} />);
    expect(screen.queryByTestId('rotation-summary')).toBeNull();
    expect(currentStep()).toHaveTextContent('2. Update your systems');
    expect(screen.getByText('"First": no use seen yet.')).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: /Step 3, pending/ })).toBeInTheDocument();
  });

  it('given the extension saw the new secret used, then step 3 says when first and from where', () => {
    const firstUsedAt = isoDaysFromNow(0);
    render(
      <RotationGuide
        secrets={[
          older,
          {
            ...newer,
            lastUsedAt: firstUsedAt,
            lastUseAmbiguous: false,
            firstUsedAt,
            firstUsedFrom: '203.0.113.7',
          },
        ]}
      />,
    );
    expect(
      screen.getByText(`"New" is in use (first used ${formatDateTime(firstUsedAt)} from 203.0.113.7).`),
    ).toBeInTheDocument();
    expect(currentStep()).toHaveTextContent('4. Delete the old secret');
  });

  it('given the old secret deleted before anything used the new one, then step 3 names no "old secret"', () => {
    const lastUsedAt = isoDaysFromNow(0);
    render(<RotationGuide secrets={[{ ...newer, lastUsedAt, lastUseAmbiguous: true }]} />);
    expect(screen.getByText(/whether it used "New" or the other secret/)).toBeInTheDocument();
  });
});
