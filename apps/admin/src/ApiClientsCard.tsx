import {
  API_SCOPES,
  type ApiClientView,
  type ApiRateLimit,
  type ApiScope,
  DEFAULT_API_RATE_LIMIT,
} from '@hallq/protocol';
import { formatDateTime, useLanguage } from '@hallq/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { SCOPE_WORDS, toggled } from './integrations-view.ts';
import { ConfirmActions, Modal } from './Modal.tsx';
import { ErrorLine, T } from './T.tsx';

/** Copies the text; on a plain-http page (no clipboard API) selects it and copies the selection instead. */
async function copyText(text: string, element: HTMLElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!element) return false;
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return document.execCommand('copy');
  }
}

/** The token of a client just added: shown this once, with a copy button and a warning. */
function TokenDialog({ name, token, onClose }: { name: string; token: string; onClose: () => void }) {
  const codeRef = useRef<HTMLElement>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Modal name="api-token" title={<T zh="API 客户端令牌" en="API client token" />} onCancel={onClose}>
      <p className="warning" role="alert">
        <T
          zh="令牌只显示这一次，关闭后无法再查看；请立即复制并妥善保管。"
          en="The token is shown only now and cannot be seen again; copy it and keep it safe."
        />
      </p>
      <p>
        {name} · <span className="muted">Authorization: Bearer …</span>
      </p>
      <div className="token-line">
        {/* A token is one long word: it may break anywhere. */}
        <code ref={codeRef} data-token data-layout-wrap-ok>
          {token}
        </code>
        <button
          type="button"
          name="copy-token"
          onClick={() => void copyText(token, codeRef.current).then(setCopied)}
        >
          {copied ? <T zh="已复制" en="Copied" /> : <T zh="复制" en="Copy" />}
        </button>
      </div>
      {copied === false && (
        <p className="error">
          <T zh="无法复制，请手动选中令牌复制" en="Could not copy: select the token and copy it by hand" />
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary" name="close-token" onClick={onClose}>
          <T zh="已保存，关闭" en="Saved; close" />
        </button>
      </div>
    </Modal>
  );
}

/** The two numbers of a rate limit, as typed (the hub checks their range and answers why not). */
function LimitFields({ limit, onChange }: { limit: ApiRateLimit; onChange: (limit: ApiRateLimit) => void }) {
  return (
    <div className="limit-fields">
      <label>
        <T zh="每秒请求数（平均）" en="Requests a second (average)" />
        <input
          name="api-client-rate"
          type="number"
          min={0.1}
          max={1000}
          step="any"
          value={Number.isNaN(limit.ratePerSecond) ? '' : limit.ratePerSecond}
          onChange={(e) => onChange({ ...limit, ratePerSecond: e.target.valueAsNumber })}
        />
      </label>
      <label>
        <T zh="瞬时上限（次）" en="At once (burst)" />
        <input
          name="api-client-burst"
          type="number"
          min={1}
          max={10000}
          step={1}
          value={Number.isNaN(limit.burst) ? '' : limit.burst}
          onChange={(e) => onChange({ ...limit, burst: e.target.valueAsNumber })}
        />
      </label>
    </div>
  );
}

const limitTyped = (limit: ApiRateLimit) =>
  Number.isFinite(limit.ratePerSecond) && Number.isFinite(limit.burst);

/** A client's limit in a table cell: `10/s · 40`. */
export const limitText = (c: Pick<ApiClientView, 'ratePerSecond' | 'burst'>) =>
  `${c.ratePerSecond}/s · ${c.burst}`;

function LimitDialog({
  connection,
  client,
  onDone,
  onCancel,
}: {
  connection: AdminConnection;
  client: ApiClientView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [limit, setLimit] = useState<ApiRateLimit>({
    ratePerSecond: client.ratePerSecond,
    burst: client.burst,
  });
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    const answer = await connection.command('api-client:limit', { clientId: client.id, ...limit });
    if (!answer.ok) return setError(answer.error.message);
    onDone();
  };
  return (
    <Modal name="api-client-limit" title={<T zh="调整限流" en="Change the rate limit" />} onCancel={onCancel}>
      <p data-layout-wrap-ok>
        <T
          zh={`「${client.name}」超过限流的请求得到 429，并按每分钟一条记入审计日志。新限额从它的下一个请求起生效。`}
          en={`Requests from “${client.name}” over the limit get 429 and are audited once a minute. The new limit applies from its next request.`}
        />
      </p>
      <LimitFields limit={limit} onChange={setLimit} />
      <ErrorLine error={error} />
      <ConfirmActions
        name="api-client-limit-confirm"
        label={<T zh="保存" en="Save" />}
        disabled={!limitTyped(limit)}
        onConfirm={() => void save()}
        onCancel={onCancel}
      />
    </Modal>
  );
}

function AddClientDialog({
  connection,
  onAdded,
  onCancel,
}: {
  connection: AdminConnection;
  onAdded: (added: { name: string; token: string }) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [limit, setLimit] = useState<ApiRateLimit>(DEFAULT_API_RATE_LIMIT);
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    setError(null);
    const answer = await connection.command('api-client:add', { name: name.trim(), scopes, ...limit });
    if (!answer.ok) return setError(answer.error.message);
    onAdded({ name: answer.data.client.name, token: answer.data.token });
  };
  return (
    <Modal
      name="api-client-add"
      title={<T zh="添加 API 客户端" en="Add an API client" />}
      onCancel={onCancel}
    >
      <label>
        <T zh="名称（如：审批系统）" en="Name (e.g. approval system)" />
        <input name="api-client-name" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <p className="muted">
        <T zh="权限范围" en="Scopes" />
      </p>
      <div className="scopes">
        {API_SCOPES.map((scope) => (
          <label key={scope} className="check">
            <input
              type="checkbox"
              name={`scope-${scope}`}
              checked={scopes.includes(scope)}
              onChange={() => setScopes(toggled(scopes, scope, API_SCOPES))}
            />
            <T zh={SCOPE_WORDS[scope].zh} en={SCOPE_WORDS[scope].en} />
            <code className="muted">{scope}</code>
          </label>
        ))}
      </div>
      <p className="muted">
        <T zh="限流（超过时请求得到 429）" en="Rate limit (requests over it get 429)" />
      </p>
      <LimitFields limit={limit} onChange={setLimit} />
      <ErrorLine error={error} />
      <ConfirmActions
        name="api-client-confirm"
        label={<T zh="添加" en="Add" />}
        disabled={name.trim() === '' || scopes.length === 0 || !limitTyped(limit)}
        onConfirm={() => void add()}
        onCancel={onCancel}
      />
    </Modal>
  );
}

function RevokeDialog({
  connection,
  client,
  onDone,
  onCancel,
}: {
  connection: AdminConnection;
  client: ApiClientView;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const revoke = async () => {
    const answer = await connection.command('api-client:revoke', { clientId: client.id });
    if (!answer.ok) return setError(answer.error.message);
    onDone();
  };
  return (
    <Modal
      name="api-client-revoke"
      title={<T zh="吊销 API 客户端" en="Revoke an API client" />}
      onCancel={onCancel}
    >
      <p data-layout-wrap-ok>
        <T
          zh={`吊销「${client.name}」后，它的令牌立即失效，它的事件订阅一并删除。此操作不能撤销。`}
          en={`Revoking “${client.name}” ends its token at once and removes its webhook subscriptions. This cannot be undone.`}
        />
      </p>
      <ErrorLine error={error} />
      <ConfirmActions
        name="api-client-revoke-confirm"
        label={<T zh="吊销" en="Revoke" />}
        onConfirm={() => void revoke()}
        onCancel={onCancel}
      />
    </Modal>
  );
}

/** Clients of the open API (/api/v1): who may call it, with what scopes; added with a token shown once. */
export function ApiClientsCard({
  connection,
  timeZone,
  onChanged,
}: {
  connection: AdminConnection;
  timeZone: string;
  /** A client was added or revoked (revoking removes its subscriptions too). */
  onChanged: () => void;
}) {
  const language = useLanguage();
  const [clients, setClients] = useState<ApiClientView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<
    | { kind: 'add' }
    | { kind: 'token'; name: string; token: string }
    | { kind: 'revoke'; client: ApiClientView }
    | { kind: 'limit'; client: ApiClientView }
    | null
  >(null);
  const load = useCallback(async () => {
    const answer = await connection.command('api-client:list', {});
    if (answer.ok) setClients(answer.data.clients);
    else setError(answer.error.message);
  }, [connection]);
  // Refreshed while the page is open: "last used" moves as soon as the client calls the API.
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);
  const when = (at: number | null) => (at === null ? '—' : formatDateTime(at, timeZone));

  return (
    <section className="card" data-card="api-clients">
      <h2>
        <T zh="API 客户端" en="API clients" />
        <span className="spacer" />
        <button type="button" name="api-client-add" onClick={() => setDialog({ kind: 'add' })}>
          <T zh="添加客户端" en="Add a client" />
        </button>
      </h2>
      <ErrorLine error={error} />
      <div className="list-scroll">
        <table>
          <thead>
            <tr>
              <th>
                <T zh="名称" en="Name" />
              </th>
              <th>
                <T zh="权限范围" en="Scopes" />
              </th>
              <th>
                <T zh="创建时间" en="Created" />
              </th>
              <th>
                <T zh="最近使用" en="Last used" />
              </th>
              <th>
                <T zh="限流（每秒 · 瞬时）" en="Rate limit (per s · burst)" />
              </th>
              <th>
                <T zh="状态" en="Status" />
              </th>
              <th />
            </tr>
          </thead>
          <tbody>
            {clients.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  <T zh="尚无客户端" en="No clients yet" />
                </td>
              </tr>
            )}
            {clients.map((c) => (
              <tr key={c.id} data-client={c.name} className={c.revokedAt === null ? '' : 'muted'}>
                <td>{c.name}</td>
                <td>{c.scopes.map((s) => SCOPE_WORDS[s][language]).join(language === 'zh' ? '、' : ', ')}</td>
                <td className="nowrap">{when(c.createdAt)}</td>
                <td className="nowrap">{when(c.lastUsedAt)}</td>
                <td className="nowrap" data-limit>
                  {limitText(c)}
                </td>
                <td className="nowrap">
                  {c.revokedAt === null ? (
                    <span className="ok">
                      <T zh="有效" en="Active" />
                    </span>
                  ) : (
                    <span className="bad">
                      <T zh="已吊销" en="Revoked" /> {when(c.revokedAt)}
                    </span>
                  )}
                </td>
                <td className="nowrap">
                  {c.revokedAt === null && (
                    <>
                      <button
                        type="button"
                        name="api-client-limit"
                        onClick={() => setDialog({ kind: 'limit', client: c })}
                      >
                        <T zh="限流" en="Limit" />
                      </button>{' '}
                      <button
                        type="button"
                        name="api-client-revoke"
                        onClick={() => setDialog({ kind: 'revoke', client: c })}
                      >
                        <T zh="吊销" en="Revoke" />
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {dialog?.kind === 'add' && (
        <AddClientDialog
          connection={connection}
          onCancel={() => setDialog(null)}
          onAdded={(added) => {
            setDialog({ kind: 'token', ...added });
            void load();
          }}
        />
      )}
      {dialog?.kind === 'token' && (
        <TokenDialog name={dialog.name} token={dialog.token} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'limit' && (
        <LimitDialog
          connection={connection}
          client={dialog.client}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === 'revoke' && (
        <RevokeDialog
          connection={connection}
          client={dialog.client}
          onCancel={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void load();
            onChanged();
          }}
        />
      )}
    </section>
  );
}
