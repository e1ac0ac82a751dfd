import { type ActionAvailability, actionListText, type CounterAction, disabledGroups } from './actions.ts';

/** Under the buttons, on the screen: which actions are disabled and why (the tooltip needs a mouse). */
export function DisabledReasons({
  availability,
}: {
  availability: Record<CounterAction, ActionAvailability>;
}) {
  const groups = disabledGroups(availability);
  return (
    <ul className="why" data-testid="disabled-reasons">
      {groups.map((g) => {
        const actions = actionListText(g.actions);
        return (
          <li key={g.reason} data-reason={g.reason} data-layout-wrap-ok>
            <span className="why-zh">
              <b>{actions.zh}</b>：{g.detail.zh}
            </span>
            <span className="why-en">
              {actions.en}: {g.detail.en}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
