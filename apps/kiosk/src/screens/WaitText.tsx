import { localized, useLanguage } from '@hallq/ui';
import { waitMinutes } from '../logic/print-job.ts';
import { T } from '../text.ts';

/** "约 15 分钟" / "about 15 min" — rounded up, like the paper ticket. */
export function WaitText({ ms }: { ms: number }) {
  const language = useLanguage();
  const minutes = waitMinutes(ms);
  if (minutes === 0) return <>{localized(T.noWait, language)}</>;
  return <>{language === 'zh' ? `约 ${minutes} 分钟` : `about ${minutes} min`}</>;
}
