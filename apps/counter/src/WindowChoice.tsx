import type { HubClient } from '@hallq/client';
import type { HallSnapshot } from '@hallq/protocol';
import { useState } from 'react';
import { Bi, both } from './Bi.tsx';
import { split } from './counter-model.ts';

/** A terminal that is not registered to a window: the clerk picks one (the last one is preselected). */
export function WindowChoice({
  client,
  view,
  preselect,
  onChosen,
}: {
  client: HubClient;
  view: HallSnapshot | null;
  preselect: string | null;
  onChosen: (windowId: string) => void;
}) {
  const windows = view?.hall.windows.filter((w) => w.enabled) ?? [];
  const [choice, setChoice] = useState<string>(preselect ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const selected = windows.some((w) => w.id === choice) ? choice : (windows[0]?.id ?? '');
  const chosen = windows.find((w) => w.id === selected);

  const signIn = async () => {
    if (!selected) return;
    setBusy(true);
    setError(null);
    const answer = await client.command('window:sign-in', { windowId: selected });
    setBusy(false);
    if (answer.ok) onChosen(selected);
    else setError(both(split(answer.error.message)));
  };

  return (
    <main className="sign-in">
      <form
        data-testid="window-choice"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn();
        }}
      >
        <h1>
          <Bi text={{ zh: '选择窗口', en: 'Choose your window' }} />
        </h1>
        <select
          name="window"
          value={selected}
          // biome-ignore lint/a11y/noAutofocus: the screen's one choice; clerks go on by keyboard (arrows, Enter)
          autoFocus
          onChange={(e) => setChoice(e.target.value)}
        >
          {windows.map((w) => (
            <option key={w.id} value={w.id}>
              {`${w.number} ${w.name.zh}`}
            </option>
          ))}
        </select>
        {/* A closed select cuts a long name; the chosen window, in both languages, is read here. */}
        {chosen && (
          <p className="chosen-window" data-testid="chosen-window">
            <Bi text={chosen.name} />
          </p>
        )}
        <button type="submit" disabled={busy || !selected}>
          <Bi text={{ zh: '进入窗口', en: 'Open window' }} />
        </button>
        {error && <p className="message error">{error}</p>}
      </form>
    </main>
  );
}
