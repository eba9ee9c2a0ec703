import { useEffect, useState } from 'react';

/** Whether the instant `at` (ISO) has passed on this device's clock; turns true by itself when it passes. */
export function usePassed(at: string | undefined): boolean {
  const due = at ? Date.parse(at) : Number.NaN;
  const [passed, setPassed] = useState(() => Number.isFinite(due) && due <= Date.now());
  useEffect(() => {
    if (!Number.isFinite(due)) {
      setPassed(false);
      return;
    }
    let timer: number | undefined;
    const check = () => {
      const left = due - Date.now();
      setPassed(left <= 0);
      // A timer fires at most ~24.8 days ahead: a later deadline is checked again then.
      if (left > 0) timer = window.setTimeout(check, Math.min(left + 250, 2 ** 31 - 1));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [due]);
  return passed;
}
