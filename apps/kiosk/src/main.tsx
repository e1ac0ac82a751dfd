import { hubUrlOf, localized, takeDeviceToken } from '@hallq/ui';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { agentUrlOf, createAgentClient } from './agent-client.ts';
import { bridgeOf } from './bridge.ts';
import { KioskApp } from './KioskApp.tsx';
import { T } from './text.ts';
import { useKioskHub } from './use-kiosk-hub.ts';
import './kiosk.css';

function Kiosk({ hubUrl, token, agentUrl }: { hubUrl: string; token: string; agentUrl: string }) {
  const { hub, refusal } = useKioskHub(hubUrl, token);
  const [agent] = useState(() => createAgentClient(agentUrl));
  useEffect(() => () => agent.close(), [agent]);
  return <KioskApp hub={hub} hubRefusal={refusal} agent={agent} />;
}

function NotRegistered() {
  return (
    <div className="kiosk">
      <main className="stage">
        <section className="screen screen-message" data-screen="no-token">
          <h1>{localized(T.noToken, 'zh')}</h1>
          <p className="message">{localized(T.noToken, 'en')}</p>
        </section>
      </main>
    </div>
  );
}

const token = takeDeviceToken('kiosk', window.location, window.localStorage, window.history);
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
// No StrictMode: its doubled effects would close the one hub and agent connection each screen keeps.
createRoot(root).render(
  token ? (
    <Kiosk
      hubUrl={hubUrlOf(window.location)}
      token={token}
      agentUrl={agentUrlOf(window.location, bridgeOf(window)?.agentUrl)}
    />
  ) : (
    <NotRegistered />
  ),
);
