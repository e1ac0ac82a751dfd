import type { LocalizedText } from '@hallq/protocol';
import { createContext, useContext } from 'react';

/** Chinese first, English second. */
export type Language = 'zh' | 'en';

export const LanguageContext = createContext<Language>('zh');

export function useLanguage(): Language {
  return useContext(LanguageContext);
}

/** Picks the text for a language. */
export function localized(text: LocalizedText, language: Language): string {
  return language === 'zh' ? text.zh : text.en;
}

/** A UI string in both languages, declared where it is used: `txt('取号', 'Take a ticket')`. */
export const txt = (zh: string, en: string): LocalizedText => ({ zh, en });
