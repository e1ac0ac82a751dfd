import { hubUrlOf, localized, takeDeviceToken, takeFragmentSecret } from '@hallq/ui';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { AGENT_PAIRING_PATTERN, agentUrlOf, createAgentClient } from './agent-client.ts';
import { bridgeOf } from './bridge.ts';
import { KioskApp } from './KioskApp.tsx';
import { T } from './text.ts';
import { useKioskHub } from './use-kiosk-hub.ts';
import './kiosk.css';

interface KioskProps {
  readonly hubUrl: string;
  readonly token: string;
  readonly agentUrl: string;
  readonly agentPairing: string | null;
}

function Kiosk({ hubUrl, token, agentUrl, agentPairing }: KioskProps) {
  const { hub, refusal } = useKioskHub(hubUrl, token);
  const [agent] = useState(() => createAgentClient(agentUrl, agentPairing));
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
const bridge = bridgeOf(window);
// The agent's pairing secret: from the Electron shell, else from the kiosk link (`#pairing=…`, kept for reloads).
const fragmentPairing = takeFragmentSecret(
  'pairing',
  'hallq.kiosk.agentPairing',
  AGENT_PAIRING_PATTERN,
  window.location,
  window.localStorage,
  window.history,
);
const agentPairing = bridge?.agentPairing ?? fragmentPairing;
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
// No StrictMode: its doubled effects would close the one hub and agent connection each screen keeps.
createRoot(root).render(
  token ? (
    <Kiosk
      hubUrl={hubUrlOf(window.location)}
      token={token}
      agentUrl={agentUrlOf(window.location, bridge?.agentUrl)}
      agentPairing={agentPairing}
    />
  ) : (
    <NotRegistered />
  ),
);
