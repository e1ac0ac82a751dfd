import type { HubClient, ReadableStore } from '@hallq/client';
import { type DeviceComponentStatus, type HallSnapshot, maskMobile, type SmsConsent } from '@hallq/protocol';
import {
  formatClock,
  formatLongDate,
  type Language,
  LanguageContext,
  localized,
  useConnection,
  useHallView,
} from '@hallq/ui';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { AgentClient } from './agent-client.ts';
import type { DevicesStatus, ScannerStatus } from './agent-protocol.ts';
import { checkIn, findAppointment } from './appointment-effects.ts';
import { WEDGE_GARBLED } from './logic/appointment-wording.ts';
import { type IdleState, idleReducer, idleTimeoutMs, initialIdleState } from './logic/idle-timer.ts';
import type { KioskEffect, KioskState } from './logic/kiosk-flow.ts';
import { printJobOf, splitHubMessage } from './logic/print-job.ts';
import { highestIssuedIn, serviceAvailability } from './logic/service-availability.ts';
import { kioskServiceState, readerReady } from './logic/service-state.ts';
import { tileGrid } from './logic/tile-pages.ts';
import {
  AppointmentMessageScreen,
  AppointmentOfferScreen,
  CodeEntryScreen,
} from './screens/AppointmentScreens.tsx';
import { PhoneEntryScreen, SMS_TEXT } from './screens/PhoneEntryScreen.tsx';
import {
  CardGreetScreen,
  CardWaitScreen,
  GuideScreen,
  HomeScreen,
  MessageScreen,
  NotAuthorisedScreen,
  OutOfServiceScreen,
  ProgressScreen,
  TicketScreen,
} from './screens/Screens.tsx';
import type { ServiceTileData } from './screens/ServiceTiles.tsx';
import { speak } from './speech.ts';
import { T } from './text.ts';
import { type Dispatch, useKioskFlow } from './use-kiosk-flow.ts';
import { useOrientation } from './use-orientation.ts';
import { useWedgeScanner } from './use-wedge-scanner.ts';

const AGENT_DOWN: DeviceComponentStatus[] = [
  {
    component: 'printer',
    state: 'disconnected',
    code: 'AGENT_UNREACHABLE',
    message: '设备服务未连接 · Device agent unreachable',
  },
  {
    component: 'id-reader',
    state: 'disconnected',
    code: 'AGENT_UNREACHABLE',
    message: '设备服务未连接 · Device agent unreachable',
  },
];

/** A new screen (or a new state of one) gives the visitor the screen's full timeout again. */
const rearm = (idle: IdleState, state: KioskState, elderly: boolean): IdleState =>
  idleReducer(idle, { type: 'activity', at: Date.now(), timeoutMs: idleTimeoutMs(state.screen, elderly) })
    .state;

/** Per business day: the highest ticket number seen per service, and services the hub said are used up. */
function useDailyCounts(view: HallSnapshot | null) {
  const seen = useRef<{ day: string; highest: Map<string, number> }>({ day: '', highest: new Map() });
  const [limited, setLimited] = useState<{ day: string; services: ReadonlySet<string> }>({
    day: '',
    services: new Set(),
  });
  if (view) {
    if (seen.current.day !== view.businessDay) seen.current = { day: view.businessDay, highest: new Map() };
    for (const [id, n] of highestIssuedIn(view)) {
      if (n > (seen.current.highest.get(id) ?? 0)) seen.current.highest.set(id, n);
    }
  }
  const day = view?.businessDay ?? '';
  const markLimited = (serviceId: string) =>
    setLimited((prev) => ({
      day,
      services: new Set([...(prev.day === day ? prev.services : []), serviceId]),
    }));
  return {
    highest: seen.current.highest,
    limited: limited.day === day ? limited.services : new Set<string>(),
    markLimited,
  };
}

/** Screens that need the hub; the others (a ticket being printed) carry on through an outage. */
const NEEDS_HUB: ReadonlySet<KioskState['screen']> = new Set([
  'home',
  'guide',
  'card-wait',
  'card-greet',
  'code-entry',
  'appointment-lookup',
  'appointment-offer',
]);

export function KioskApp({
  hub,
  hubRefusal,
  agent,
}: {
  hub: HubClient;
  hubRefusal: ReadableStore<string | null>;
  agent: AgentClient;
}) {
  const { view, change } = useHallView(hub);
  const connection = useConnection(hub);
  const refusal = useSyncExternalStore(
    (l) => hubRefusal.subscribe(l),
    () => hubRefusal.get(),
  );
  const orientation = useOrientation();
  const agentConnected = useSyncExternalStore(
    (l) => agent.connected.subscribe(l),
    () => agent.connected.get(),
  );
  const [language, setLanguage] = useState<Language>('zh');
  const [elderly, setElderly] = useState(false);
  const [voice, setVoice] = useState(true);
  const [devices, setDevices] = useState<DevicesStatus | null>(null);
  /** The SMS number the current visitor left (used by their next ticket, then forgotten), and the pad open. */
  const [smsConsent, setSmsConsent] = useState<SmsConsent | null>(null);
  const [phoneOpen, setPhoneOpen] = useState(false);
  const [scanner, setScanner] = useState<ScannerStatus | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const offset = useRef(0);
  if (view && change === 'snapshot') offset.current = view.serverTime - now;
  const hubNow = now + offset.current;
  const daily = useDailyCounts(view);
  const lostSince = useRef<number | null>(null);
  const linked = connection === 'connected' && view !== null;
  if (linked) lostSince.current = null;
  else lostSince.current ??= Date.now();
  const service = kioskServiceState(
    { connection, refusal, lostSince: lostSince.current, hasView: view !== null },
    now,
  );
  const cardReady = readerReady(agentConnected, devices);
  const timeZone = view?.hall.rules.timeZone ?? 'Asia/Shanghai';

  const today = view?.businessDay ?? '';
  const prefs = useRef({ language, elderly, voice, timeZone, today });
  prefs.current = { language, elderly, voice, timeZone, today };

  const runEffect = (effect: KioskEffect, dispatch: Dispatch): void => {
    switch (effect.type) {
      case 'check-printer':
        void agent
          .printerStatus()
          .then((readiness) => dispatch({ type: 'printer-checked', requestId: effect.requestId, readiness }));
        return;
      case 'issue-ticket': {
        const { attempt } = effect;
        void hub
          .command('ticket:issue', {
            requestId: attempt.requestId,
            serviceId: attempt.serviceId,
            identity: attempt.identity,
            sms: attempt.sms ?? null,
          })
          .then((answer) =>
            dispatch(
              answer.ok
                ? { type: 'ticket-issued', requestId: attempt.requestId, issued: answer.data }
                : {
                    type: 'issue-failed',
                    requestId: attempt.requestId,
                    code: answer.error.code,
                    message: splitHubMessage(answer.error.message),
                  },
            ),
          );
        return;
      }
      case 'find-appointment':
        findAppointment(hub, effect, () => prefs.current, dispatch);
        return;
      case 'check-in':
        checkIn(hub, effect, () => prefs.current, dispatch);
        return;
      case 'print-ticket': {
        const { attempt, issued } = effect;
        void agent
          .print({
            jobId: attempt.requestId,
            ticket: printJobOf(issued, prefs.current.timeZone),
            permit: issued.printPermit,
          })
          .then((result) =>
            dispatch(
              result.ok
                ? { type: 'ticket-printed', requestId: attempt.requestId, warnings: result.warnings }
                : {
                    type: 'print-failed',
                    requestId: attempt.requestId,
                    problem: { code: result.code, message: result.message },
                  },
            ),
          );
        return;
      }
      case 'mark-daily-limit':
        daily.markLimited(effect.serviceId);
        return;
      case 'speak':
        if (prefs.current.elderly && prefs.current.voice) speak(effect.text, prefs.current.language);
        return;
    }
  };
  const { state, dispatch } = useKioskFlow(runEffect);

  // Card events from the agent.
  useEffect(() => {
    const offRead = agent.on('card:read', (card) => dispatch({ type: 'card-read', card }));
    const offRefused = agent.on('card:refused', (refusal) =>
      dispatch({ type: 'card-refused', message: refusal.message }),
    );
    const offStatus = agent.on('devices:status', setDevices);
    const offScanner = agent.on('scanner:status', setScanner);
    const offScanned = agent.on('code:scanned', ({ code }) =>
      dispatch({ type: 'code-scanned', text: code, requestId: crypto.randomUUID() }),
    );
    const offGarbled = agent.on('code:garbled', ({ message }) => dispatch({ type: 'scan-garbled', message }));
    return () => {
      offRead();
      offRefused();
      offStatus();
      offScanner();
      offScanned();
      offGarbled();
    };
  }, [agent, dispatch]);

  // A keyboard-wedge scanner types into the page itself.
  useWedgeScanner(agentConnected ? scanner : null, (outcome) =>
    dispatch(
      outcome.type === 'scan'
        ? { type: 'code-scanned', text: outcome.code, requestId: crypto.randomUUID() }
        : { type: 'scan-garbled', message: WEDGE_GARBLED[outcome.reason] },
    ),
  );
  const scannerReady =
    agentConnected && (scanner?.kind === 'hid-keyboard' || (scanner?.kind === 'serial' && scanner.connected));

  // Device status to the hub, whenever it changes or the hub connection comes back.
  const reportKey = JSON.stringify(agentConnected ? (devices?.components ?? null) : AGENT_DOWN);
  useEffect(() => {
    const components = JSON.parse(reportKey) as DeviceComponentStatus[] | null;
    if (connection !== 'connected' || components === null) return;
    void hub.command('device:report', { components }).then((answer) => {
      if (!answer.ok) console.warn(`[kiosk] device report refused: ${answer.error.code}`);
    });
  }, [hub, connection, reportKey]);

  // Idle timeout: every touch and every new screen moves the deadline; a one-second tick checks it.
  const idle = useRef(initialIdleState);
  const timeout = idleTimeoutMs(state.screen, elderly);
  useEffect(() => {
    idle.current = rearm(idle.current, state, elderly);
  }, [state, elderly]);
  useEffect(() => {
    const touch = () => {
      idle.current = idleReducer(idle.current, {
        type: 'activity',
        at: Date.now(),
        timeoutMs: timeout,
      }).state;
    };
    window.addEventListener('pointerdown', touch);
    return () => window.removeEventListener('pointerdown', touch);
  }, [timeout]);
  useEffect(() => {
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      const next = idleReducer(idle.current, { type: 'tick', at });
      idle.current = next.state;
      if (next.expired) {
        dispatch({ type: 'idle-timeout' });
        // The next visitor starts in Chinese, in the standard mode, with no number left by the last one.
        setLanguage('zh');
        setSmsConsent(null);
        setPhoneOpen(false);
        setElderly(false);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [dispatch]);

  // Senior mode scales the root font size, which every rem in the layout follows.
  useEffect(() => {
    document.documentElement.classList.toggle('elderly', elderly);
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  }, [elderly, language]);

  const tiles: ServiceTileData[] = useMemo(
    () =>
      (view?.hall.services ?? []).map((service) => ({
        service,
        figures: view?.figures.find((f) => f.serviceId === service.id),
        availability: serviceAvailability(service, {
          now: hubNow,
          timeZone,
          highestIssued: daily.highest.get(service.id) ?? 0,
          limitReported: daily.limited.has(service.id),
        }),
      })),
    [view, hubNow, timeZone, daily.highest, daily.limited],
  );

  const canIssue = linked;
  const takesAppointments = (view?.hall.services ?? []).some((s) => s.enabled && s.appointments);
  const grid = tileGrid(orientation, elderly);

  // The reader went away while a visitor waits to place a card: back to the services, not a wait forever.
  useEffect(() => {
    if (state.screen === 'card-wait' && !cardReady) dispatch({ type: 'back' });
  }, [state.screen, cardReady, dispatch]);
  // A number is for one ticket: once the ticket is being printed, the next visitor starts without it.
  useEffect(() => {
    if (state.screen === 'printing') setSmsConsent(null);
  }, [state.screen]);
  const smsOffered = view?.hall.sms?.enabled === true;
  const take = (serviceId: string) =>
    dispatch({
      type: 'service-touched',
      serviceId,
      requestId: crypto.randomUUID(),
      sms: smsOffered ? smsConsent : null,
    });
  const guide = (serviceId: string) => dispatch({ type: 'guide-opened', serviceId });
  const back = () => dispatch({ type: 'back' });
  const toHome = () => dispatch({ type: 'idle-timeout' });

  const screen = (() => {
    switch (state.screen) {
      case 'home':
        if (phoneOpen && smsOffered)
          return (
            <PhoneEntryScreen
              onConfirm={(phone) => {
                setSmsConsent({ phone, language });
                setPhoneOpen(false);
              }}
              onSkip={() => {
                setSmsConsent(null);
                setPhoneOpen(false);
              }}
            />
          );
        return (
          <HomeScreen
            tiles={tiles}
            grid={grid}
            canIssue={canIssue}
            cardAvailable={cardReady}
            appointments={takesAppointments}
            onTake={take}
            onGuide={guide}
            onCard={() => dispatch({ type: 'card-flow-started' })}
            onAppointment={() => dispatch({ type: 'code-entry-opened' })}
            smsOffer={
              smsOffered ? (
                <button
                  type="button"
                  className="sms-offer"
                  data-action="sms"
                  onClick={() => setPhoneOpen(true)}
                >
                  <span className="sms-icon" aria-hidden="true" />
                  <span>
                    <b className="sms-offer-title">{localized(SMS_TEXT.offer, language)}</b>
                    <span className="sms-offer-hint" data-sms-number>
                      {smsConsent
                        ? `${localized(SMS_TEXT.chosen, language)} ${maskMobile(smsConsent.phone)} · ${localized(SMS_TEXT.change, language)}`
                        : localized(SMS_TEXT.offerHint, language)}
                    </span>
                  </span>
                </button>
              ) : undefined
            }
          />
        );
      case 'guide': {
        const tile = tiles.find((t) => t.service.id === state.serviceId);
        if (!tile) return null;
        return (
          <GuideScreen
            service={tile.service}
            canTake={canIssue && tile.availability.available}
            onTake={() => take(state.serviceId)}
            onBack={back}
          />
        );
      }
      case 'card-wait':
        return <CardWaitScreen onBack={back} />;
      case 'card-greet':
        return (
          <CardGreetScreen
            card={state.card}
            tiles={tiles}
            grid={grid}
            canIssue={canIssue}
            onTake={take}
            onGuide={guide}
            onBack={back}
          />
        );
      case 'code-entry':
        return (
          <CodeEntryScreen
            code={state.code}
            scannerReady={scannerReady}
            onKey={(key) => dispatch({ type: 'code-key', key })}
            onSubmit={() => dispatch({ type: 'code-submitted', requestId: crypto.randomUUID() })}
            onBack={back}
          />
        );
      case 'appointment-lookup':
        return <ProgressScreen screen="appointment-lookup" text={T.findingAppointment} />;
      case 'appointment-offer':
        return (
          <AppointmentOfferScreen
            wording={state.wording}
            maskedName={state.card?.maskedName ?? state.offer.appointment.visitorName}
            canConfirm={canIssue}
            fromCard={state.card !== null}
            onConfirm={() => dispatch({ type: 'check-in-confirmed', requestId: crypto.randomUUID() })}
            onBack={back}
          />
        );
      case 'appointment-message':
        return (
          <AppointmentMessageScreen
            code={state.code}
            message={state.message}
            onRetype={() => dispatch({ type: 'code-entry-opened' })}
            onHome={toHome}
          />
        );
      case 'checking':
        return <ProgressScreen screen="checking" text={T.checkingPrinter} />;
      case 'issuing':
        return <ProgressScreen screen="issuing" text={T.issuing} />;
      case 'printing':
      case 'printed':
      case 'print-failed':
        return (
          <TicketScreen
            screen={state.screen}
            issued={state.issued}
            problem={state.screen === 'print-failed' ? state.problem.message : null}
            walkInFromAppointment={state.attempt.checkIn !== undefined && !state.issued.ticket.appointment}
            onRetry={() => dispatch({ type: 'retry' })}
            onDone={toHome}
          />
        );
      case 'refused':
        return (
          <MessageScreen
            screen="refused"
            title={T.notIssued}
            message={state.message}
            code={state.code}
            onRetry={state.retry ? () => dispatch({ type: 'retry' }) : null}
            onHome={toHome}
          />
        );
      case 'card-refused':
        return (
          <MessageScreen
            screen="card-refused"
            title={T.cardRefused}
            message={state.message}
            code={null}
            onRetry={null}
            onHome={toHome}
          />
        );
    }
  })();

  const hallName = view ? localized(view.hall.name, language) : '';
  return (
    <LanguageContext.Provider value={language}>
      <div
        className={`kiosk${elderly ? ' elderly' : ''}`}
        lang={language === 'zh' ? 'zh-CN' : 'en'}
        data-language={language}
      >
        <header className="topbar">
          <div className="hall">
            <span className="hall-name">{hallName}</span>
            <span className="hall-sub">{localized(T.title, language)}</span>
          </div>
          <div className="clock">
            <span className="clock-time">{formatClock(hubNow, timeZone)}</span>
            <span className="clock-date">{formatLongDate(hubNow, timeZone, language)}</span>
          </div>
          <div className="toggles">
            {elderly && (
              <button
                type="button"
                className="toggle"
                data-action="voice"
                aria-pressed={voice}
                onClick={() => setVoice((v) => !v)}
              >
                {localized(T.voice, language)} {localized(voice ? T.on : T.off, language)}
              </button>
            )}
            <button
              type="button"
              className="toggle"
              data-action="elderly"
              aria-pressed={elderly}
              onClick={() => setElderly((e) => !e)}
            >
              {localized(T.elderly, language)}
            </button>
            <button
              type="button"
              className="toggle toggle-language"
              data-action="language"
              onClick={() => setLanguage((l) => (l === 'zh' ? 'en' : 'zh'))}
            >
              {localized(T.language, language)}
            </button>
          </div>
        </header>
        {service === 'connecting' && (
          <div className="banner" role="status" data-banner="hub">
            {localized(T.connecting, language)}
          </div>
        )}
        {!agentConnected && (
          <div className="banner" role="status" data-banner="agent">
            {localized(T.agentDown, language)}
          </div>
        )}
        <main className="stage">
          {service === 'not-authorised' && NEEDS_HUB.has(state.screen) ? (
            <NotAuthorisedScreen />
          ) : service === 'out-of-service' && NEEDS_HUB.has(state.screen) ? (
            <OutOfServiceScreen />
          ) : (
            screen
          )}
        </main>
      </div>
    </LanguageContext.Provider>
  );
}
