import { useCallback, useEffect, useRef, useState } from 'react';

const PREFIX = 'rdx.draft.';
const OWNER_KEY = 'rdx.draftOwner';

export type DraftStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

interface Stored<T> {
  value: T;
  at: string;
}

function read<T>(key: string): Stored<T> | undefined {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as Stored<T>) : undefined;
  } catch {
    return undefined;
  }
}

/** The drafts on this device belong to the last account signed in here; another account's sign-in (or a sign-out) clears them. */
export function claimDrafts(userId: string): void {
  if (window.localStorage.getItem(OWNER_KEY) !== userId) clearAllDrafts();
  window.localStorage.setItem(OWNER_KEY, userId);
}

export function clearAllDrafts(): void {
  for (let i = window.localStorage.length - 1; i >= 0; i--) {
    const k = window.localStorage.key(i);
    if (k?.startsWith(PREFIX)) window.localStorage.removeItem(k);
  }
  window.localStorage.removeItem(OWNER_KEY);
}

/**
 * Typed work is never lost: every change goes to localStorage at once, and (when `save` is given) to the server after
 * `delayMs` without typing. The local copy is dropped only when the server has saved that very value; a failed save
 * (network, expired sign-in, CONFLICT) keeps it, and the page reopened later starts from it (`restored`).
 *
 * `key` names the thing edited, e.g. `proposal:${proposalId}`. `save` resolves when the server saved, rejects otherwise.
 */
export function useAutosaveDraft<T>(
  key: string,
  initial: T,
  options: { save?: (value: T) => Promise<void>; delayMs?: number } = {},
): {
  value: T;
  setValue: (next: T | ((prev: T) => T)) => void;
  status: DraftStatus;
  savedAt?: Date;
  restored: boolean;
  error?: unknown;
  saveNow: () => Promise<void>;
  discard: () => void;
} {
  const { save, delayMs = 800 } = options;
  const [state, setState] = useState(() => {
    const stored = read<T>(key);
    return { value: stored ? stored.value : initial, restored: Boolean(stored) };
  });
  const [status, setStatus] = useState<DraftStatus>('idle');
  const [savedAt, setSavedAt] = useState<Date>();
  const [error, setError] = useState<unknown>();
  const latest = useRef(state.value);
  const saveRef = useRef(save);
  saveRef.current = save;
  const timer = useRef<number>(undefined);

  const saveNow = useCallback(async () => {
    window.clearTimeout(timer.current);
    const doSave = saveRef.current;
    if (!doSave) return;
    const value = latest.current;
    setStatus('saving');
    try {
      await doSave(value);
      // Only the value the server has may leave the device: a change typed meanwhile stays.
      if (latest.current === value) {
        window.localStorage.removeItem(PREFIX + key);
        setStatus('saved');
      } else setStatus('pending');
      setSavedAt(new Date());
      setError(undefined);
    } catch (e) {
      setError(e);
      setStatus('error');
    }
  }, [key]);

  const setValue = useCallback(
    (next: T | ((prev: T) => T)) => {
      setState((prev) => {
        const value = typeof next === 'function' ? (next as (p: T) => T)(prev.value) : next;
        latest.current = value;
        try {
          window.localStorage.setItem(PREFIX + key, JSON.stringify({ value, at: new Date().toISOString() } satisfies Stored<T>));
        } catch {
          // storage full or disabled: the server save below still runs
        }
        return { ...prev, value };
      });
      if (saveRef.current) {
        setStatus('pending');
        window.clearTimeout(timer.current);
        timer.current = window.setTimeout(() => void saveNow(), delayMs);
      }
    },
    [key, delayMs, saveNow],
  );

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const discard = useCallback(() => {
    window.localStorage.removeItem(PREFIX + key);
    setState({ value: initial, restored: false });
    latest.current = initial;
    setStatus('idle');
  }, [key]);

  return { value: state.value, setValue, status, savedAt, restored: state.restored, error, saveNow, discard };
}
