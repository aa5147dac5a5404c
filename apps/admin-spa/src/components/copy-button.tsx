// A PatternFly copy-to-clipboard button for a short text (a client ID, a URL) shown next to it.
import { useId, useState } from 'react';
import { ClipboardCopyButton } from '@patternfly/react-core';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <ClipboardCopyButton
      id={`${id}-copy`}
      aria-label={label}
      variant="plain"
      onClick={() => {
        void navigator.clipboard.writeText(text).then(() => {
          setCopied(true);
        });
      }}
      onTooltipHidden={() => {
        setCopied(false);
      }}
    >
      {copied ? 'Copied' : 'Copy to clipboard'}
    </ClipboardCopyButton>
  );
}
