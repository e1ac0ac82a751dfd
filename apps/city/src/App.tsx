import type { CityMe } from '@hallq/protocol';
import { type Language, LanguageContext, localized, txt } from '@hallq/ui/language';
import { useCallback, useEffect, useState } from 'react';
import { BoardPage } from './BoardPage.tsx';
import { ComparePage } from './ComparePage.tsx';
import { fetchMe, SignedOut, savedToken, saveToken } from './city-api.ts';
import { FollowUpsPage } from './FollowUpsPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';
import { SignIn } from './SignIn.tsx';
import { T } from './T.tsx';

type Page = 'board' | 'reports' | 'compare' | 'follow-ups';

const PAGES: readonly [Page, { zh: string; en: string }][] = [
  ['board', txt('实时看板', 'Live board')],
  ['reports', txt('跨厅报表', 'Reports')],
  ['compare', txt('大厅对比', 'Compare halls')],
  ['follow-ups', txt('差评整改', 'Follow-ups')],
];

const ROLE = {
  'city-admin': txt('市级管理员', 'City admin'),
  'city-supervisor': txt('市级督查（只读）', 'City supervisor (read-only)'),
} as const;

/** What every page gets: the token to read with, and what to do when the centre no longer takes it. */
export interface Session {
  readonly token: string;
  readonly me: CityMe;
  readonly signOut: (expired: boolean) => void;
}

export function App() {
  const [language, setLanguage] = useState<Language>('zh');
  const [token, setToken] = useState<string | null>(savedToken);
  const [me, setMe] = useState<CityMe | null>(null);
  const [page, setPage] = useState<Page>('board');
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback(
    (expired: boolean) => {
      saveToken(null);
      setToken(null);
      setMe(null);
      setNotice(
        expired ? localized(txt('登录已失效，请重新登录', 'Signed out: sign in again'), language) : null,
      );
    },
    [language],
  );

  // A token kept from before a reload: ask the centre whose it is (again every 2 s while it does not answer).
  const [attempt, setAttempt] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is what asks again.
  useEffect(() => {
    if (token === null || me !== null) return;
    let retry: ReturnType<typeof setTimeout> | undefined;
    fetchMe(token).then(setMe, (error: unknown) => {
      if (error instanceof SignedOut) signOut(true);
      else retry = setTimeout(() => setAttempt((n) => n + 1), 2000);
    });
    return () => clearTimeout(retry);
  }, [token, me, signOut, attempt]);

  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [language]);

  const session: Session | null = token !== null && me !== null ? { token, me, signOut } : null;
  return (
    <LanguageContext.Provider value={language}>
      <header className="top">
        <h1>
          <T zh="HallQ 市级中心" en="HallQ city centre" />
        </h1>
        {session && (
          <nav>
            {PAGES.map(([id, label]) => (
              <button
                key={id}
                type="button"
                className={page === id ? 'tab active' : 'tab'}
                aria-current={page === id ? 'page' : undefined}
                onClick={() => setPage(id)}
              >
                {localized(label, language)}
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {session && (
          <span className="who" data-testid="who">
            {session.me.username} · {localized(ROLE[session.me.role], language)} ·{' '}
            {session.me.region ?? localized(txt('全市', 'All halls'), language)}
          </span>
        )}
        <button type="button" className="link" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {language === 'zh' ? 'English' : '中文'}
        </button>
        {session && (
          <button type="button" className="link" onClick={() => signOut(false)}>
            <T zh="退出" en="Sign out" />
          </button>
        )}
      </header>
      {session === null ? (
        token === null ? (
          <SignIn
            notice={notice}
            onSignedIn={(next, who) => {
              saveToken(next);
              setToken(next);
              setMe(who);
              setNotice(null);
            }}
          />
        ) : (
          <main>
            <p className="empty">
              <T zh="正在连接市级中心…" en="Connecting to the city centre…" />
            </p>
          </main>
        )
      ) : page === 'board' ? (
        <BoardPage session={session} />
      ) : page === 'reports' ? (
        <ReportsPage session={session} />
      ) : page === 'compare' ? (
        <ComparePage session={session} />
      ) : (
        <FollowUpsPage session={session} />
      )}
    </LanguageContext.Provider>
  );
}
