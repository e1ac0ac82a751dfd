import type { DeviceKind, SupervisedDevice } from '@hallq/protocol';
import { formatDateTime } from '@hallq/ui';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { ErrorLine, T } from './T.tsx';

const KINDS: { kind: DeviceKind; zh: string; en: string }[] = [
  { kind: 'kiosk', zh: '取号机', en: 'Kiosk' },
  { kind: 'counter', zh: '窗口终端', en: 'Counter terminal' },
  { kind: 'lobby', zh: '综合屏', en: 'Lobby display' },
  { kind: 'sign', zh: '窗口屏', en: 'Window sign' },
  { kind: 'pad', zh: '评价器', en: 'Evaluation pad' },
];

export function DevicesPage({ connection, isAdmin }: { connection: AdminConnection; isAdmin: boolean }) {
  const [devices, setDevices] = useState<SupervisedDevice[]>([]);
  const [timeZone, setTimeZone] = useState('Asia/Shanghai');
  const [error, setError] = useState<string | null>(null);
  const [token, setToken] = useState<{ name: string; token: string } | null>(null);
  const [draft, setDraft] = useState({ kind: 'kiosk' as DeviceKind, name: '', windowId: '', zone: '' });

  const load = useCallback(async () => {
    const answer = await connection.command('device:status', {});
    if (answer.ok) setDevices(answer.data.devices);
    else setError(answer.error.message);
  }, [connection]);
  useEffect(() => {
    void load();
    void connection.command('hall:snapshot', {}).then((a) => {
      if (a.ok) setTimeZone(a.data.hall.rules.timeZone);
    });
  }, [connection, load]);

  const add = async () => {
    setError(null);
    const answer = await connection.command('device:add', {
      kind: draft.kind,
      name: draft.name,
      windowId: draft.windowId.trim() || null,
      zone: draft.zone.trim() || null,
    });
    if (!answer.ok) return setError(answer.error.message);
    setToken({ name: answer.data.device.name, token: answer.data.token });
    await load();
  };
  const revoke = async (id: string) => {
    const answer = await connection.command('device:revoke', { deviceId: id });
    if (!answer.ok) return setError(answer.error.message);
    await load();
  };

  return (
    <div>
      <ErrorLine error={error} />
      {token && (
        <div className="card token" role="status">
          <strong>
            <T zh="配对令牌（只显示这一次，请立即抄录）" en="Pairing token (shown only now; copy it)" />
          </strong>
          <p>
            {token.name}: <code data-token>{token.token}</code>
          </p>
          <p className="muted">…/kiosk/#token={token.token}</p>
          <button type="button" onClick={() => setToken(null)}>
            <T zh="已抄录，关闭" en="Copied; close" />
          </button>
        </div>
      )}
      <section className="card">
        <h2>
          <T zh="设备" en="Devices" />
        </h2>
        <table>
          <thead>
            <tr>
              <th>
                <T zh="名称" en="Name" />
              </th>
              <th>
                <T zh="类型" en="Kind" />
              </th>
              <th>
                <T zh="窗口/区域" en="Window / zone" />
              </th>
              <th>
                <T zh="在线" en="Online" />
              </th>
              <th>
                <T zh="最后联系" en="Last seen" />
              </th>
              <th>
                <T zh="部件状态" en="Components" />
              </th>
              {isAdmin && <th />}
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id} className={d.revokedAt ? 'muted' : ''}>
                <td>{d.name}</td>
                <td>{d.kind}</td>
                <td>{[d.windowId, d.zone].filter(Boolean).join(' / ') || '—'}</td>
                <td className={d.online ? 'ok' : 'bad'}>
                  {d.revokedAt ? (
                    <T zh="已注销" en="Revoked" />
                  ) : d.online ? (
                    <T zh="在线" en="Online" />
                  ) : (
                    <T zh="离线" en="Offline" />
                  )}
                </td>
                <td>{d.lastSeenAt ? formatDateTime(d.lastSeenAt, timeZone) : '—'}</td>
                <td>
                  {d.components.length === 0
                    ? '—'
                    : d.components
                        .map((c) => `${c.component}: ${c.state}${c.message ? ` (${c.message})` : ''}`)
                        .join('; ')}
                </td>
                {isAdmin && (
                  <td>
                    {!d.revokedAt && (
                      <button type="button" onClick={() => void revoke(d.id)}>
                        <T zh="注销" en="Revoke" />
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {isAdmin && (
        <section className="card">
          <h2>
            <T zh="登记设备" en="Register a device" />
          </h2>
          <div className="editor">
            <label>
              <T zh="类型" en="Kind" />
              <select
                value={draft.kind}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as DeviceKind })}
              >
                {KINDS.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.zh} {k.en}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <T zh="名称" en="Name" />
              <input
                name="device-name"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            </label>
            <label>
              <T zh="窗口编号（窗口终端/窗口屏/评价器）" en="Window id (counter, sign, pad)" />
              <input
                value={draft.windowId}
                onChange={(e) => setDraft({ ...draft, windowId: e.target.value })}
              />
            </label>
            <label>
              <T zh="区域" en="Zone" />
              <input value={draft.zone} onChange={(e) => setDraft({ ...draft, zone: e.target.value })} />
            </label>
            <button type="button" disabled={!draft.name} onClick={() => void add()}>
              <T zh="登记" en="Register" />
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
