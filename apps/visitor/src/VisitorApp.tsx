import { type Language, LanguageContext, localized, txt } from '@hallq/ui/language';
import { type ReactNode, useEffect, useState } from 'react';
import { storedLanguage, storeLanguage } from './language-choice.ts';
import type { VisitorRoute } from './route.ts';

const TEXT = {
  switchTo: txt('English', '中文'),
  notFound: txt('页面不存在', 'No such page'),
  notFoundHint: txt('请扫描票据上的二维码', 'Scan the QR code on your ticket'),
  booking: txt('预约办事', 'Book an appointment'),
};

/** The app's frame: the language switch on top (Chinese first), the page of the route below. */
export function VisitorApp(props: { route: VisitorRoute; pages: (route: VisitorRoute) => ReactNode }) {
  const [language, setLanguage] = useState<Language>(() => storedLanguage(safeStorage()));
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);
  const toggle = () => {
    const next: Language = language === 'zh' ? 'en' : 'zh';
    storeLanguage(safeStorage(), next);
    setLanguage(next);
  };
  return (
    <LanguageContext.Provider value={language}>
      <div className="visitor">
        <header className="visitor-bar">
          <span className="visitor-brand">HallQ</span>
          <button type="button" className="language-switch" onClick={toggle} data-testid="language-switch">
            {localized(TEXT.switchTo, language)}
          </button>
        </header>
        <main className="visitor-main">{props.pages(props.route)}</main>
      </div>
    </LanguageContext.Provider>
  );
}

/** A page for an address that names none. */
export function NotFound(props: { language: Language }) {
  return (
    <section className="card" data-testid="not-found">
      <h1>{localized(TEXT.notFound, props.language)}</h1>
      <p>{localized(TEXT.notFoundHint, props.language)}</p>
    </section>
  );
}

/** localStorage, or null where the phone refuses it. */
export function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export { TEXT as FRAME_TEXT };
