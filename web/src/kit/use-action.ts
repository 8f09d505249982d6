import { useCallback, useState } from "react";

/**
 * Runs a write from a list's buttons (delete, make default…): `after()` (reload the list) when it
 * succeeds, else its error is kept to show above the list.
 */
export function useAction(after: () => void): { error: string | null; act: (call: () => Promise<unknown>) => Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const act = useCallback(
    async (call: () => Promise<unknown>) => {
      setError(null);
      try {
        await call();
        after();
      } catch (err) {
        setError((err as Error).message);
      }
    },
    [after],
  );
  return { error, act };
}
