import type { HubClient } from '@hallq/client';
import { type FormEvent, useState } from 'react';
import { Bi, both } from './Bi.tsx';
import { split } from './counter-model.ts';
import { SetNewPassword } from './SetNewPassword.tsx';
import type { CounterSession } from './session.ts';

/** Username + password; the hub decides the window when this terminal is registered to one. */
export function SignIn({
  client,
  connected,
  onSignedIn,
  notice,
}: {
  client: HubClient;
  connected: boolean;
  onSignedIn: (session: CounterSession) => void;
  notice: string | null;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The password was one-time: the next step sets a new one. */
  const [mustChange, setMustChange] = useState(false);

  const signIn = async (newPassword?: string): Promise<string | null> => {
    const answer = await client.login(username.trim(), password, null, newPassword);
    if (!answer.ok) {
      if (answer.error.code === 'PASSWORD_CHANGE_REQUIRED') setMustChange(true);
      return both(split(answer.error.message));
    }
    setPassword('');
    setMustChange(false);
    onSignedIn({
      sessionToken: answer.data.sessionToken,
      user: answer.data.user,
      windowId: answer.data.windowId,
    });
    return null;
  };

  const submit = async (event: FormEvent) => {
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
        username={username.trim()}
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
    <main className="sign-in">
      <form onSubmit={(e) => void submit(e)} data-testid="sign-in">
        <h1>
          <Bi text={{ zh: '窗口工作台登录', en: 'Counter sign-in' }} />
        </h1>
        {notice && <p className="message error">{notice}</p>}
        <label>
          <Bi text={{ zh: '用户名', en: 'Username' }} />
          <input
            name="username"
            autoComplete="username"
            // biome-ignore lint/a11y/noAutofocus: a terminal's only field to start with; clerks sign in by keyboard
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          <Bi text={{ zh: '密码', en: 'Password' }} />
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy || !connected}>
          <Bi
            text={connected ? { zh: '登录', en: 'Sign in' } : { zh: '正在连接服务器…', en: 'Connecting…' }}
          />
        </button>
        {error && (
          <p className="message error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
