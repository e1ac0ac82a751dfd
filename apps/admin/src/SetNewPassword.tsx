import { MIN_PASSWORD_LENGTH } from '@hallq/protocol';
import { useState } from 'react';
import { ErrorLine, T } from './T.tsx';

/**
 * The step after a one-time password (the admin's first start, or an account an admin created or reset): the
 * person chooses their own before the console opens. `submit` signs in again with the new password and answers
 * with the hub's refusal (too short, too common), or null once signed in.
 */
export function SetNewPassword(props: {
  username: string;
  submit: (newPassword: string) => Promise<string | null>;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    if ([...password].length < MIN_PASSWORD_LENGTH) {
      return setError(
        `新密码至少 ${MIN_PASSWORD_LENGTH} 个字符 · At least ${MIN_PASSWORD_LENGTH} characters`,
      );
    }
    if (password !== confirm) return setError('两次输入的密码不一致 · The two entries differ');
    setBusy(true);
    setError(null);
    const refusal = await props.submit(password);
    setBusy(false);
    setError(refusal);
  };
  return (
    <form className="card signin" onSubmit={(e) => void send(e)} data-testid="set-new-password">
      <h2>
        <T zh="设置新密码" en="Set a new password" />
      </h2>
      <p data-layout-wrap-ok>
        <T
          zh={`${props.username}，这是一次性密码。请设置自己的新密码（至少 ${MIN_PASSWORD_LENGTH} 个字符，不要用常见密码）。`}
          en={`${props.username}, this password was for one sign-in. Choose your own (at least ${MIN_PASSWORD_LENGTH} characters, not a common one).`}
        />
      </p>
      <label>
        <T zh="新密码" en="New password" />
        <input
          name="new-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="new-password"
        />
      </label>
      <label>
        <T zh="再次输入新密码" en="New password again" />
        <input
          name="confirm-password"
          type="password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          autoComplete="new-password"
        />
      </label>
      <ErrorLine error={error} />
      <button type="submit" disabled={busy || !password || !confirm}>
        <T zh="设置并登录" en="Set and sign in" />
      </button>
      <button type="button" onClick={props.onCancel} disabled={busy}>
        <T zh="返回" en="Back" />
      </button>
    </form>
  );
}
