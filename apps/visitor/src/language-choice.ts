import type { Language } from '@hallq/ui/language';

const KEY = 'hallq.visitor.language';

/** The visitor's language: Chinese unless they chose English on this phone (kept for their next page). */
export function storedLanguage(storage: Pick<Storage, 'getItem'> | null): Language {
  try {
    return storage?.getItem(KEY) === 'en' ? 'en' : 'zh';
  } catch {
    // A phone in private mode may refuse storage: Chinese, as for everyone.
    return 'zh';
  }
}

export function storeLanguage(storage: Pick<Storage, 'setItem'> | null, language: Language): void {
  try {
    storage?.setItem(KEY, language);
  } catch {
    // Not kept: the choice holds for this page only.
  }
}
