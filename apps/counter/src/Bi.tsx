import type { LocalizedText } from '@hallq/protocol';

/** Chinese first, English beneath it, smaller. A text that has no translation (both the same) is said once. */
export function Bi({ text, className }: { text: LocalizedText; className?: string }) {
  return (
    <span className={className ? `bi ${className}` : 'bi'}>
      <span className="zh">{text.zh}</span>
      {text.en !== text.zh && <span className="en">{text.en}</span>}
    </span>
  );
}

/** The same, on one line (button hovers, short messages). */
export const both = (text: LocalizedText): string =>
  text.en === text.zh ? text.zh : `${text.zh} · ${text.en}`;
