import type { CityMe } from '@hallq/protocol';
import { localized, txt, useLanguage } from '@hallq/ui/language';
import { type FormEvent, useState } from 'react';
import { fetchMe, SignedOut } from './city-api.ts';
import { ErrorLine, T } from './T.tsx';

/** Sign-in with a city user's token (from `add-city-user`): checked against the centre before it is kept. */
export function SignIn({
  onSignedIn,
  notice,
}: {
  onSignedIn: (token: string, me: CityMe) => void;
  notice: string | null;
}) {
  const language = useLanguage();
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(notice);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const entered = token.trim();
    if (!entered) return;
    setBusy(true);
    fetchMe(entered)
      .then((me) => onSignedIn(entered, me))
      .catch((failure: unknown) =>
        setError(
          localized(
            failure instanceof SignedOut
              ? txt('令牌无效或已停用', 'The token is unknown or disabled')
              : txt('无法连接市级中心', 'The city centre cannot be reached'),
            language,
          ),
        ),
      )
      .finally(() => setBusy(false));
  };

  return (
    <main className="sign-in">
      <form className="card" onSubmit={submit}>
        <h2>
          <T zh="登录市级中心" en="Sign in to the city centre" />
        </h2>
        <label>
          <T zh="访问令牌" en="Access token" />
          <input
            name="token"
            type="password"
            autoComplete="off"
            value={token}
            maxLength={256}
            onChange={(e) => setToken(e.target.value)}
          />
        </label>
        <p className="hint">
          <T
            zh="令牌由管理员用 add-city-user 生成，仅在本标签页内保存。"
            en="Your administrator makes the token with add-city-user; it is kept in this tab only."
          />
        </p>
        <ErrorLine error={error} />
        <button type="submit" className="primary" disabled={busy}>
          <T zh="登录" en="Sign in" />
        </button>
      </form>
    </main>
  );
}
