import type { SessionUser } from '@hallq/protocol';
import { useState } from 'react';
import { type AdminConnection, mayUseConsole } from './admin-connection.ts';
import { SetNewPassword } from './SetNewPassword.tsx';
import { ErrorLine, T } from './T.tsx';

export function SignIn(props: {
  connection: AdminConnection;
  onSignedIn: (token: string, user: SessionUser) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** The password was one-time: the next step sets a new one. */
  const [mustChange, setMustChange] = useState(false);
  const signIn = async (newPassword?: string): Promise<string | null> => {
    const answer = await props.connection.command('session:login', {
      username,
      password,
      windowId: null,
      ...(newPassword === undefined ? {} : { newPassword }),
    });
    if (!answer.ok) {
      if (answer.error.code === 'PASSWORD_CHANGE_REQUIRED') setMustChange(true);
      return answer.error.message;
    }
    setMustChange(false);
    if (!mayUseConsole(answer.data.user)) {
      await props.connection.command('session:logout', {});
      return '此账号无权使用管理台（仅限管理员和监察人员） · This account may not use the console';
    }
    props.onSignedIn(answer.data.sessionToken, answer.data.user);
    return null;
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const refusal = await signIn();
    setBusy(false);
    setError(refusal);
  };
  if (mustChange) {
    return (
      <SetNewPassword
        username={username}
        submit={signIn}
        onCancel={() => {
          setMustChange(false);
          setError(null);
          setPassword('');
        }}
      />
    );
  }
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
