import type { CommandResponse } from '@hallq/protocol';
import { useCallback, useEffect, useState } from 'react';
import type { AdminConnection } from './admin-connection.ts';
import { ErrorLine, T } from './T.tsx';

type Person = CommandResponse<'clerk:list'>['clerks'][number];
const ROLES = {
  clerk: ['窗口人员', 'Clerk'],
  guide: ['导办', 'Guide'],
  supervisor: ['监察', 'Supervisor'],
  admin: ['管理员', 'Admin'],
} as const;

export function PeoplePage({ connection, isAdmin }: { connection: AdminConnection; isAdmin: boolean }) {
  const [people, setPeople] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [draft, setDraft] = useState({
    username: '',
    displayName: '',
    staffNumber: '',
    password: '',
    role: 'clerk' as Person['role'],
  });
  const [reset, setReset] = useState<{ userId: string; password: string } | null>(null);

  const load = useCallback(async () => {
    const answer = await connection.command('clerk:list', {});
    if (answer.ok) setPeople(answer.data.clerks);
    else setError(answer.error.message);
  }, [connection]);
  useEffect(() => {
    void load();
  }, [load]);

  const run = async (work: Promise<{ ok: boolean; error?: { message: string } }>, done: string) => {
    setError(null);
    setMessage(null);
    const answer = await work;
    if (!answer.ok) return setError(answer.error?.message ?? '');
    setMessage(done);
    await load();
  };

  return (
    <div>
      <ErrorLine error={error} />
      {message && <p className="ok">{message}</p>}
      <section className="card">
        <h2>
          <T zh="人员账号" en="Staff accounts" />
        </h2>
        <table>
          <thead>
            <tr>
              <th>
                <T zh="用户名" en="Username" />
              </th>
              <th>
                <T zh="姓名" en="Name" />
              </th>
              <th>
                <T zh="工号" en="Staff no." />
              </th>
              <th>
                <T zh="角色" en="Role" />
              </th>
              <th>
                <T zh="状态" en="State" />
              </th>
              {isAdmin && <th />}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id} className={p.disabled ? 'muted' : ''}>
                <td>{p.username}</td>
                <td>{p.displayName}</td>
                <td>{p.staffNumber}</td>
                <td>
                  <T zh={ROLES[p.role][0]} en={ROLES[p.role][1]} />
                </td>
                <td>{p.disabled ? <T zh="已停用" en="Disabled" /> : <T zh="正常" en="Active" />}</td>
                {isAdmin && (
                  <td>
                    <button type="button" onClick={() => setReset({ userId: p.id, password: '' })}>
                      <T zh="重置密码" en="Reset password" />
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        void run(
                          connection.command('clerk:set-disabled', { userId: p.id, disabled: !p.disabled }),
                          p.disabled ? '已启用 · Enabled' : '已停用 · Disabled',
                        )
                      }
                    >
                      {p.disabled ? <T zh="启用" en="Enable" /> : <T zh="停用" en="Disable" />}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {reset && (
          <div className="editor">
            <label>
              <T zh="新密码（至少 8 位）" en="New password (8+ characters)" />
              <input
                type="password"
                value={reset.password}
                onChange={(e) => setReset({ ...reset, password: e.target.value })}
              />
            </label>
            <button
              type="button"
              disabled={reset.password.length < 8}
              onClick={() => {
                void run(connection.command('clerk:reset-password', reset), '密码已重置 · Password reset');
                setReset(null);
              }}
            >
              <T zh="确定" en="Set" />
            </button>
          </div>
        )}
      </section>
      {isAdmin && (
        <section className="card">
          <h2>
            <T zh="新增人员" en="Add a person" />
          </h2>
          <div className="editor">
            {(['username', 'displayName', 'staffNumber', 'password'] as const).map((field) => (
              <label key={field}>
                {
                  {
                    username: '用户名 Username',
                    displayName: '姓名 Name',
                    staffNumber: '工号 Staff no.',
                    password: '初始密码 Password',
                  }[field]
                }
                <input
                  name={`new-${field}`}
                  type={field === 'password' ? 'password' : 'text'}
                  value={draft[field]}
                  onChange={(e) => setDraft({ ...draft, [field]: e.target.value })}
                />
              </label>
            ))}
            <label>
              <T zh="角色" en="Role" />
              <select
                value={draft.role}
                onChange={(e) => setDraft({ ...draft, role: e.target.value as Person['role'] })}
              >
                <option value="clerk">窗口人员 Clerk</option>
                <option value="guide">导办 Guide</option>
                <option value="supervisor">监察 Supervisor</option>
                <option value="admin">管理员 Admin</option>
              </select>
            </label>
            <button
              type="button"
              onClick={() => void run(connection.command('clerk:add', draft), '已添加 · Added')}
            >
              <T zh="添加" en="Add" />
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
