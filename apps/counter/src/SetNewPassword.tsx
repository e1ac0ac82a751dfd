import { MIN_PASSWORD_LENGTH } from '@hallq/protocol';
import { type FormEvent, useState } from 'react';
import { Bi } from './Bi.tsx';

/**
 * The step after a one-time password (first sign-in, or after an admin reset): the clerk chooses their own
 * before the session opens. `submit` signs in again with the new password and answers with the hub's refusal
 * (too short, too common), or null once signed in.
 */
export function SetNewPassword({
  username,
  submit,
  onCancel,
}: {
  username: string;
  submit: (newPassword: string) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      setError(`新密码至少 ${MIN_PASSWORD_LENGTH} 个字符 · At least ${MIN_PASSWORD_LENGTH} characters`);
      return;
    }
    if (password !== confirm) {
      setError('两次输入的密码不一致 · The two entries differ');
      return;
    }
    setBusy(true);
    setError(null);
    const refusal = await submit(password);
    setBusy(false);
    if (refusal !== null) setError(refusal);
  };

  return (
    <main className="sign-in">
      <form onSubmit={(e) => void send(e)} data-testid="set-new-password">
        <h1>
          <Bi text={{ zh: '设置新密码', en: 'Set a new password' }} />
        </h1>
        <p className="message" data-layout-wrap-ok>
          <Bi
            text={{
              zh: `${username}，这是一次性密码。请设置自己的新密码（至少 ${MIN_PASSWORD_LENGTH} 个字符，不要用常见密码）。`,
              en: `${username}, this password was for one sign-in. Choose your own (at least ${MIN_PASSWORD_LENGTH} characters, not a common one).`,
            }}
          />
        </p>
        <label>
          <Bi text={{ zh: '新密码', en: 'New password' }} />
          <input
            name="new-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <label>
          <Bi text={{ zh: '再次输入新密码', en: 'New password again' }} />
          <input
            name="confirm-password"
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          <Bi text={{ zh: '设置并登录', en: 'Set and sign in' }} />
        </button>
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          <Bi text={{ zh: '返回', en: 'Back' }} />
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
