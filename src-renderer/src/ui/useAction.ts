// The busy flag and the error of a form's or dialog's call to the core, so each screen need not repeat try/catch.
// Errors are kept for ErrorBanner, never thrown on; screens that treat an error code specially catch it themselves.

import { useCallback, useState } from 'react';

/** A busy flag around async work; what it throws goes to `onError` (a stable function, e.g. a state setter). */
export function useBusy(onError: (e: unknown) => void) {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await fn();
      } catch (e) {
        onError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [onError],
  );
  return { busy, run };
}

/** `useBusy` with its own error, cleared as each run starts so only the latest failure shows. */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const { busy, run: guarded } = useBusy(setError);
  const run = useCallback(
    <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      setError(null);
      return guarded(fn);
    },
    [guarded],
  );
  return { busy, error, setError, run };
}
