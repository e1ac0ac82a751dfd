import type { SessionUser } from '@hallq/protocol';
import { useState } from 'react';
import { type AdminConnection, mayUseConsole } from './admin-connection.ts';
import { ErrorLine, T } from './T.tsx';

export function SignIn(props: {
  connection: AdminConnection;
  onSignedIn: (token: string, user: SessionUser) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await props.connection.command('session:login', { username, password, windowId: null });
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    if (!mayUseConsole(answer.data.user)) {
      await props.connection.command('session:logout', {});
      return setError('此账号无权使用管理台（仅限管理员和监察人员） · This account may not use the console');
    }
    props.onSignedIn(answer.data.sessionToken, answer.data.user);
  };
  return (
    <form className="card signin" onSubmit={(e) => void submit(e)}>
      <h2>
        <T zh="登录" en="Sign in" />
      </h2>
      <label>
        <T zh="用户名" en="Username" />
        <input
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          autoComplete="username"
        />
      </label>
      <label>
        <T zh="密码" en="Password" />
        <input
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      <ErrorLine error={error} />
      <button type="submit" disabled={busy || !username || !password}>
        <T zh="登录" en="Sign in" />
      </button>
    </form>
  );
}
