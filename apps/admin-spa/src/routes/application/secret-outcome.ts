// What the secrets section tells in a toast once an edit or a deletion is over: that it worked, or that the secret
// was gone already (deleted by another manager after this page was loaded: the audit trail says by whom).
import { useQueryClient } from '@tanstack/react-query';
import { auditQuery } from '../../api/queries.ts';
import type { AuditEntry, Secret } from '@credman/api-contract';
import { useToasts } from '../../components/toasts.tsx';

const ENDING_ACTIONS: ReadonlySet<string> = new Set(['deleted', 'lost', 'expired', 'undelivered-removed']);

/** "Secret "x" was already deleted by Bob Builder", from the audit entry that ended it when there is one. */
export function goneTitle(name: string, ended: AuditEntry | undefined): string {
  if (ended?.action === 'lost') return `Secret "${name}" was removed outside credman`;
  if (ended?.action === 'deleted' && ended.actor !== undefined)
    return `Secret "${name}" was already deleted by ${ended.actor.name}`;
  return `Secret "${name}" was already deleted`;
}

export function useSecretOutcomes(clientId: string) {
  const queryClient = useQueryClient();
  const toast = useToasts();
  return {
    saved: (name: string) => {
      toast({ variant: 'success', title: `Secret "${name}" saved` });
    },
    deleted: (secret: Secret) => {
      toast({ variant: 'success', title: `Secret "${secret.name}" deleted` });
    },
    gone: async (secret: Secret) => {
      let ended: AuditEntry | undefined;
      try {
        const audit = await queryClient.query({ ...auditQuery(clientId), staleTime: 0 });
        ended = audit.entries.find(
          (entry) => entry.secret?.id === secret.id && ENDING_ACTIONS.has(entry.action),
        );
      } catch {
        // Without the trail the toast still says what happened, only not by whom.
        ended = undefined;
      }
      toast({
        variant: 'warning',
        title: goneTitle(secret.name, ended),
        body: 'Nothing was changed. The list of secrets is refreshed.',
      });
    },
  };
}
