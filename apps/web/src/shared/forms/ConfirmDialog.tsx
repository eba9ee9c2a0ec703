import { useEffect, useRef, type KeyboardEvent } from 'react';

/** The confirmation before an irreversible step: a native modal <dialog>, focus starting on Cancel and kept inside. */
export function ConfirmDialog({
  title,
  body,
  confirm,
  cancel,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirm: string;
  cancel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    cancelRef.current?.focus();
    return () => d?.close();
  }, []);
  const trap = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab' || !ref.current) return;
    const focusable = [...ref.current.querySelectorAll<HTMLElement>('button:not([disabled])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-body"
      data-testid="confirm-dialog"
      onKeyDown={trap}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id="confirm-dialog-title">{title}</h2>
      <p id="confirm-dialog-body">{body}</p>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" className="button button--secondary" ref={cancelRef} onClick={onClose}>
          {cancel}
        </button>
      </div>
    </dialog>
  );
}
