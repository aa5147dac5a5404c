// A PatternFly copy-to-clipboard button for a short text (a client ID, a URL) shown next to it. Its tooltip
// only shows on hover or focus, so the outcome is also said next to the button (and to screen readers).
import { useEffect, useId, useState } from 'react';
import { ClipboardCopyButton } from '@patternfly/react-core';

type CopyState = 'idle' | 'copied' | 'failed';

const FEEDBACK_MS = 2_000;

export function CopyButton({ text, label }: { text: string; label: string }) {
  const id = useId();
  const [state, setState] = useState<CopyState>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => {
      setState('idle');
    }, FEEDBACK_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [state]);
  return (
    <>
      <ClipboardCopyButton
        id={`${id}-copy`}
        aria-label={label}
        variant="plain"
        // Named so the browser checks can tell its tooltip from one left open by a stale pointer.
        className="credman-copy-button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => {
              setState('copied');
            },
            () => {
              setState('failed');
            },
          );
        }}
      >
        {state === 'copied' ? 'Copied' : 'Copy to clipboard'}
      </ClipboardCopyButton>
      <span role="status" className="credman-copy-status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Not copied: the browser refused' : ''}
      </span>
    </>
  );
}
