import type { HubClient, ReadableStore } from '@hallq/client';
import type { RatingLevel } from '@hallq/protocol';
import { useConnection, useHallView } from '@hallq/ui';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Bi } from '../Bi.tsx';
import { split } from '../counter-model.ts';
import {
  COMMENT_MAX,
  type PadEvent,
  type PadScreen,
  padStep,
  RATING_LEVELS,
  RATING_TAGS,
  type RatingTag,
  ratingPayload,
  tagsApply,
} from './rate-flow.ts';

/** A pad with no token, or one the hub refuses (revoked): staff must register it again; visitors see no sign-in. */
const NOT_REGISTERED = {
  zh: '评价器未登记或已被注销，请联系管理员重新登记',
  en: 'This pad is not registered or was revoked; ask the administrator to register it again',
};

/** The evaluation pad (评价器) of one window: idle until the hub asks for a rating of a finished ticket. */
export function RateApp({
  client,
  registered,
  deviceRefused,
}: {
  client: HubClient;
  registered: boolean;
  deviceRefused: ReadableStore<boolean>;
}) {
  const refused = useSyncExternalStore(
    (listener) => deviceRefused.subscribe(listener),
    () => deviceRefused.get(),
  );
  const { view } = useHallView(client);
  const connection = useConnection(client);
  const [screen, setScreen] = useState<PadScreen>({ kind: 'idle' });
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [tags, setTags] = useState<RatingTag[]>([]);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [, setClock] = useState(0);
  const offset = useRef(0);
  if (view) offset.current = view.serverTime - Date.now();

  const step = useCallback((event: PadEvent) => setScreen((s) => padStep(s, event)), []);

  useEffect(
    () =>
      client.onRatingRequest((request) => {
        setLevel(null);
        setTags([]);
        setComment('');
        const now = Date.now();
        step({ type: 'request', request, hubNow: now + offset.current, now });
      }),
    [client, step],
  );
  useEffect(() => {
    const timer = setInterval(() => {
      setClock(Date.now()); // the countdown on screen
      step({ type: 'tick', now: Date.now() });
    }, 500);
    return () => clearInterval(timer);
  }, [step]);

  if (!registered || refused) {
    return (
      <main className="pad idle" data-testid="pad-refused">
        <p className="refused" data-layout-wrap-ok>
          <Bi text={NOT_REGISTERED} />
        </p>
      </main>
    );
  }

  const submit = async () => {
    if (screen.kind !== 'asking' || level === null) return;
    setSending(true);
    const answer = await client.command('rating:submit', ratingPayload(screen.request, level, tags, comment));
    setSending(false);
    if (answer.ok || answer.error.code === 'ALREADY_RATED') step({ type: 'submitted', now: Date.now() });
    else step({ type: 'refused', now: Date.now(), message: split(answer.error.message) });
  };

  if (screen.kind === 'idle') {
    return (
      <main className="pad idle" data-testid="pad-idle">
        <Bi className="welcome" text={{ zh: '欢迎您对我们的服务进行评价', en: 'Please rate our service' }} />
        {connection !== 'connected' && (
          <p className="offline">
            <Bi text={{ zh: '正在连接服务器…', en: 'Connecting to the hub…' }} />
          </p>
        )}
      </main>
    );
  }
  if (screen.kind === 'thanks' || screen.kind === 'closed') {
    return (
      <main className="pad thanks" data-testid={`pad-${screen.kind}`}>
        <Bi
          className="welcome"
          text={
            screen.kind === 'thanks'
              ? { zh: '感谢您的评价！', en: 'Thank you for your rating!' }
              : screen.message
          }
        />
      </main>
    );
  }
  const { request } = screen;
  const secondsLeft = Math.max(0, Math.ceil((screen.deadline - Date.now()) / 1000));
  return (
    <main className="pad asking" data-testid="pad-asking">
      <header>
        <div>
          <Bi
            text={{
              zh: `${request.windowNumber}号窗口 · ${request.clerkName ?? ''}`,
              en: `Window ${request.windowNumber} · ${request.clerkName ?? ''}`,
            }}
          />
          {request.clerkStaffNumber && (
            <span className="staff" data-testid="pad-staff">
              {`工号 No. ${request.clerkStaffNumber}`}
            </span>
          )}
        </div>
        <div data-testid="pad-service">
          <Bi text={request.serviceName} />
          <span className="ticket">{request.ticketNumber}</span>
        </div>
      </header>
      <h1>
        <Bi text={{ zh: '请对本次服务进行评价', en: 'How was your service?' }} />
      </h1>
      <div className="levels">
        {RATING_LEVELS.map((l) => (
          <button
            key={l.level}
            type="button"
            data-level={l.level}
            className={level === l.level ? 'selected' : undefined}
            onClick={() => {
              setLevel(l.level);
              if (!tagsApply(l.level)) setTags([]);
            }}
          >
            <Bi text={l.label} />
          </button>
        ))}
      </div>
      {level !== null && tagsApply(level) && (
        <div className="tags" data-testid="pad-tags">
          <Bi text={{ zh: '不满意的原因（可多选）', en: 'What went wrong (choose any)' }} />
          <div className="tag-list">
            {RATING_TAGS.map((t) => (
              <label key={t.tag} className={tags.includes(t.tag) ? 'selected' : undefined}>
                <input
                  type="checkbox"
                  data-tag={t.tag}
                  checked={tags.includes(t.tag)}
                  onChange={(e) =>
                    setTags((old) => (e.target.checked ? [...old, t.tag] : old.filter((x) => x !== t.tag)))
                  }
                />
                <Bi text={t.label} />
              </label>
            ))}
          </div>
        </div>
      )}
      {level !== null && (
        <div className="comment">
          <input
            name="comment"
            maxLength={COMMENT_MAX}
            placeholder="留言（选填） · Comment (optional)"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="button" className="submit" disabled={sending} onClick={() => void submit()}>
            <Bi text={{ zh: '提交评价', en: 'Submit' }} />
          </button>
        </div>
      )}
      <footer>
        <Bi text={{ zh: `${secondsLeft} 秒后自动结束`, en: `Closes in ${secondsLeft} s` }} />
      </footer>
    </main>
  );
}
