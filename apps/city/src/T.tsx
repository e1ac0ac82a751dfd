import { useLanguage } from '@hallq/ui/language';

/** A UI string in both languages; Chinese first. */
export function T({ zh, en }: { zh: string; en: string }) {
  return <>{useLanguage() === 'zh' ? zh : en}</>;
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
