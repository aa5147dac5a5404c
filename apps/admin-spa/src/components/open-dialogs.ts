// How many of the console's dialogs are open. PatternFly's Modal hides everything else in the body from screen
// readers on each of its updates, so a second dialog over a first would be hidden by it: the session-ended dialog
// waits until no other is open (a dialog says the same inline meanwhile, auth/session-ended-modal.tsx).
import { useEffect, useSyncExternalStore } from 'react';

let open = 0;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

/** Call in a dialog component: counts it as open while it is mounted. */
export function useCountAsOpenDialog(): void {
  useEffect(() => {
    open += 1;
    notify();
    return () => {
      open -= 1;
      notify();
    };
  }, []);
}

export function useOpenDialogCount(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    () => open,
  );
}
