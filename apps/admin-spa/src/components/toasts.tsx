// Toast alerts in the page's top corner, as Keycloak's admin console confirms a change or reports one it could not
// make: `useToasts()` gives `add`. Each toast closes itself after a while (paused while hovered) or on its button.
import { createContext, useCallback, useContext, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';

export interface Toast {
  variant: 'success' | 'info' | 'warning' | 'danger';
  title: string;
  body?: string;
}

/** Long enough to read two sentences; Keycloak's console keeps its toasts about as long. */
export const TOAST_MS = 8_000;

type AddToast = (toast: Toast) => void;

const ToastContext = createContext<AddToast | undefined>(undefined);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<(Toast & { id: number })[]>([]);
  const nextId = useRef(0);
  const add = useCallback<AddToast>((toast) => {
    nextId.current += 1;
    const id = nextId.current;
    setToasts((shown) => [...shown, { ...toast, id }]);
  }, []);
  const remove = (id: number) => {
    setToasts((shown) => shown.filter((toast) => toast.id !== id));
  };
  return (
    <ToastContext value={add}>
      {children}
      <AlertGroup isToast isLiveRegion aria-label="Notifications">
        {toasts.map((toast) => (
          <Alert
            key={toast.id}
            variant={toast.variant}
            title={toast.title}
            component="p"
            timeout={TOAST_MS}
            onTimeout={() => {
              remove(toast.id);
            }}
            actionClose={
              <AlertActionCloseButton
                title={toast.title}
                onClose={() => {
                  remove(toast.id);
                }}
              />
            }
          >
            {toast.body === undefined ? null : <p>{toast.body}</p>}
          </Alert>
        ))}
      </AlertGroup>
    </ToastContext>
  );
}

export function useToasts(): AddToast {
  const add = useContext(ToastContext);
  if (add === undefined) throw new Error('useToasts needs a ToastProvider');
  return add;
}
