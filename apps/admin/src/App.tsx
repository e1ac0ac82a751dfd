import type { SessionUser } from '@hallq/protocol';
import { hubUrlOf, type Language, LanguageContext } from '@hallq/ui';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AppointmentsPage } from './AppointmentsPage.tsx';
import { AuditPage } from './AuditPage.tsx';
import {
  type AdminConnection,
  connectAdmin,
  loadSession,
  mayUseConsole,
  saveSession,
} from './admin-connection.ts';
import { type AdminPage, pageHash, pageOfHash, pagesFor } from './admin-pages.ts';
import { ConfigPage } from './ConfigPage.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import { FollowUpsPage } from './FollowUpsPage.tsx';
import { IntegrationsPage } from './IntegrationsPage.tsx';
import { PeoplePage } from './PeoplePage.tsx';
import { PlannerPage } from './PlannerPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';
import { ScorecardPage } from './ScorecardPage.tsx';
import { SignIn } from './SignIn.tsx';
import { SmsPage } from './SmsPage.tsx';
import { StorageStatusCard } from './StorageStatusCard.tsx';
import { SupervisionPage } from './SupervisionPage.tsx';
import { T } from './T.tsx';

const subscribeHash = (changed: () => void) => {
  window.addEventListener('hashchange', changed);
  return () => window.removeEventListener('hashchange', changed);
};

/** The address's tab, followed live (the back button, a pasted link). */
function useLocationHash(): string {
  return useSyncExternalStore(subscribeHash, () => window.location.hash);
}

/** Shown while the hub is unreachable, as the counter does: what is on screen may be out of date. */
function LinkBanner({ connection }: { connection: AdminConnection }) {
  const status = useSyncExternalStore(connection.status.subscribe, connection.status.get);
  if (status !== 'offline') return null;
  return (
    <div className="banner offline" role="alert" data-testid="offline-banner">
      <T
        zh="与服务器断开，正在自动重连；页面数据可能不是最新的"
        en="Offline — reconnecting; what is shown may be out of date"
      />
    </div>
  );
}

export function App() {
  const [language, setLanguage] = useState<Language>('zh');
  const [session, setSession] = useState(() => loadSession(sessionStorage));
  const [connection, setConnection] = useState<AdminConnection>(() =>
    connectAdmin(hubUrlOf(location), session?.token ?? null),
  );
  const hash = useLocationHash();
  useEffect(() => () => connection.close(), [connection]);
  useEffect(
    () =>
      connection.onRevoked(() => {
        connection.setSessionToken(null);
        saveSession(sessionStorage, null);
        setSession(null);
      }),
    [connection],
  );

  const signedIn = (token: string, user: SessionUser) => {
    const next = { token, user };
    connection.setSessionToken(token);
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
  const role = session?.user.role ?? null;
  const pages = useMemo(() => pagesFor(role), [role]);
  const page: AdminPage = pageOfHash(
    hash,
    pages.map((p) => p.id),
  );

  return (
    <LanguageContext.Provider value={language}>
      <header className="top">
        <h1>
          <T zh="HallQ 管理台" en="HallQ console" />
        </h1>
        {session && mayUseConsole(session.user) && (
          <nav>
            {pages.map((p) => (
              <a
                key={p.id}
                href={pageHash(p.id)}
                className={p.id === page ? 'tab active' : 'tab'}
                aria-current={p.id === page ? 'page' : undefined}
                data-page={p.id}
              >
                <T zh={p.zh} en={p.en} />
              </a>
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
      <LinkBanner connection={connection} />
      <main>
        {!session || !mayUseConsole(session.user) ? (
          <SignIn connection={connection} onSignedIn={signedIn} />
        ) : page === 'supervision' ? (
          <>
            <StorageStatusCard connection={connection} canAccept={isAdmin} />
            <SupervisionPage connection={connection} />
          </>
        ) : page === 'follow-ups' ? (
          <FollowUpsPage connection={connection} />
        ) : page === 'appointments' ? (
          <AppointmentsPage connection={connection} isAdmin={isAdmin} supervises={role !== 'guide'} />
        ) : page === 'integrations' ? (
          <IntegrationsPage connection={connection} />
        ) : page === 'planner' ? (
          <PlannerPage connection={connection} />
        ) : page === 'config' ? (
          <ConfigPage connection={connection} />
        ) : page === 'people' ? (
          <PeoplePage connection={connection} isAdmin={isAdmin} />
        ) : page === 'devices' ? (
          <DevicesPage connection={connection} isAdmin={isAdmin} />
        ) : page === 'sms' ? (
          <SmsPage connection={connection} isAdmin={isAdmin} />
        ) : page === 'reports' ? (
          <ReportsPage connection={connection} />
        ) : page === 'scorecard' ? (
          <ScorecardPage connection={connection} />
        ) : (
          <AuditPage connection={connection} />
        )}
      </main>
    </LanguageContext.Provider>
  );
}
