import { type ReactNode, useEffect, useRef } from 'react';
import { T } from './T.tsx';

/**
 * A modal `<dialog>`: the page behind it is inert while it is open, the focus goes to its first field, and
 * Escape (or the dialog closing by itself) counts as a cancel. The parent unmounts it to close it.
 */
export function Modal({
  title,
  name,
  onCancel,
  children,
}: {
  title: ReactNode;
  /** `data-dialog` value, for tests and the layout check. */
  name: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    dialog.querySelector<HTMLElement>('input, textarea, select, button')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      onCancelRef.current();
    };
    const closed = () => onCancelRef.current();
    dialog.addEventListener('cancel', cancel);
    dialog.addEventListener('close', closed);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.removeEventListener('close', closed);
      if (dialog.open) dialog.close();
    };
  }, []);
  return (
    <dialog ref={ref} className="dialog" data-dialog={name} aria-labelledby={`dialog-${name}`}>
      <h2 id={`dialog-${name}`}>{title}</h2>
      {children}
    </dialog>
  );
}

/** A dialog's 取消 and its confirming button, the one every editing dialog ends with. */
export function ConfirmActions({
  name,
  label,
  disabled = false,
  onConfirm,
  onCancel,
}: {
  /** The confirming button's name, for tests. */
  name: string;
  label: ReactNode;
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="actions">
      <button type="button" onClick={onCancel}>
        <T zh="取消" en="Cancel" />
      </button>
      <button type="button" className="primary" name={name} disabled={disabled} onClick={onConfirm}>
        {label}
      </button>
    </div>
  );
}
