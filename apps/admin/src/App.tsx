import type { SessionUser } from '@hallq/protocol';
import { hubUrlOf, type Language, LanguageContext } from '@hallq/ui';
import { useEffect, useMemo, useState } from 'react';
import { AuditPage } from './AuditPage.tsx';
import {
  type AdminConnection,
  connectAdmin,
  loadSession,
  mayUseConsole,
  saveSession,
} from './admin-connection.ts';
import { ConfigPage } from './ConfigPage.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import { PeoplePage } from './PeoplePage.tsx';
import { ReportsPage } from './ReportsPage.tsx';
import { SignIn } from './SignIn.tsx';
import { StorageStatusCard } from './StorageStatusCard.tsx';
import { SupervisionPage } from './SupervisionPage.tsx';
import { T } from './T.tsx';

type Page = 'supervision' | 'config' | 'people' | 'devices' | 'reports' | 'audit';

const PAGES: { id: Page; zh: string; en: string; adminOnly: boolean }[] = [
  { id: 'supervision', zh: '效能监察', en: 'Supervision', adminOnly: false },
  { id: 'config', zh: '大厅配置', en: 'Hall setup', adminOnly: true },
  { id: 'people', zh: '人员', en: 'Staff', adminOnly: false },
  { id: 'devices', zh: '设备', en: 'Devices', adminOnly: false },
  { id: 'reports', zh: '统计报表', en: 'Reports', adminOnly: false },
  { id: 'audit', zh: '审计日志', en: 'Audit trail', adminOnly: false },
];

export function App() {
  const [language, setLanguage] = useState<Language>('zh');
  const [session, setSession] = useState(() => loadSession(sessionStorage));
  const [connection, setConnection] = useState<AdminConnection>(() =>
    connectAdmin(hubUrlOf(location), session?.token ?? null),
  );
  const [page, setPage] = useState<Page>('supervision');
  useEffect(() => () => connection.close(), [connection]);
  useEffect(
    () =>
      connection.onRevoked(() => {
        saveSession(sessionStorage, null);
        setSession(null);
      }),
    [connection],
  );

  const signedIn = (token: string, user: SessionUser) => {
    const next = { token, user };
    saveSession(sessionStorage, next);
    setSession(next);
  };
  const signOut = async () => {
    await connection.command('session:logout', {});
    saveSession(sessionStorage, null);
    setSession(null);
    connection.close();
    setConnection(connectAdmin(hubUrlOf(location), null));
  };
  const isAdmin = session?.user.role === 'admin';
  const pages = useMemo(() => PAGES.filter((p) => isAdmin || !p.adminOnly), [isAdmin]);

  return (
    <LanguageContext.Provider value={language}>
      <header className="top">
        <h1>
          <T zh="HallQ 管理台" en="HallQ console" />
        </h1>
        {session && mayUseConsole(session.user) && (
          <nav>
            {pages.map((p) => (
              <button
                key={p.id}
                type="button"
                className={p.id === page ? 'tab active' : 'tab'}
                data-page={p.id}
                onClick={() => setPage(p.id)}
              >
                <T zh={p.zh} en={p.en} />
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        <button type="button" className="link" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {language === 'zh' ? 'English' : '中文'}
        </button>
        {session && (
          <>
            <span className="who">
              {session.user.displayName} · {session.user.role}
            </span>
            <button type="button" className="link" onClick={() => void signOut()}>
              <T zh="退出" en="Sign out" />
            </button>
          </>
        )}
      </header>
      <main>
        {!session || !mayUseConsole(session.user) ? (
          <SignIn connection={connection} onSignedIn={signedIn} />
        ) : page === 'supervision' ? (
          <>
            <StorageStatusCard connection={connection} canAccept={isAdmin} />
            <SupervisionPage connection={connection} />
          </>
        ) : page === 'config' ? (
          <ConfigPage connection={connection} />
        ) : page === 'people' ? (
          <PeoplePage connection={connection} isAdmin={isAdmin} />
        ) : page === 'devices' ? (
          <DevicesPage connection={connection} isAdmin={isAdmin} />
        ) : page === 'reports' ? (
          <ReportsPage connection={connection} />
        ) : (
          <AuditPage connection={connection} />
        )}
      </main>
    </LanguageContext.Provider>
  );
}
