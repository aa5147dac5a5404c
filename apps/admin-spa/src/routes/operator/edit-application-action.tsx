// The operator's Edit button on an application page and the dialog it opens (edit-application-modal.tsx).
import { useState } from 'react';
import { Button } from '@patternfly/react-core';
import type { ApplicationDetail } from '@credman/api-contract';
import { EditApplicationModal } from './edit-application-modal.tsx';

export function EditApplicationAction({ application }: { application: ApplicationDetail }) {
  const [editing, setEditing] = useState(false);
  return (
    <>
      <Button
        variant="secondary"
        className="credman-section"
        onClick={() => {
          setEditing(true);
        }}
      >
        Edit description and permissions
      </Button>
      {editing ? (
        <EditApplicationModal
          application={application}
          onClose={() => {
            setEditing(false);
          }}
        />
      ) : null}
    </>
  );
}
