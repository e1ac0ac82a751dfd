import type { HallConfig } from '@hallq/protocol';
import { useState } from 'react';
import {
  BEHAVIOUR_RULES,
  behaviourFieldText,
  defaultText,
  ruleOn,
  withBehaviourNumber,
  withRuleOn,
  withWorkingHours,
  workingHoursText,
} from './behaviour-edit.ts';
import { T } from './T.tsx';

/**
 * The behaviour monitoring rules (行为监控) of the hall: each on or off, with its thresholds. An empty field keeps
 * the default (shown as its placeholder). They are part of the hall configuration, saved with it.
 */
export function BehaviourRulesCard(props: { hall: HallConfig; setHall: (hall: HallConfig) => void }) {
  const { hall, setHall } = props;
  const [hours, setHours] = useState(workingHoursText(hall));
  return (
    <section className="card behaviour-rules" data-testid="behaviour-rules">
      <h2>
        <T zh="行为监控" en="Behaviour monitoring" />
      </h2>
      <p className="muted">
        <T
          zh="留空则使用默认值（灰色提示）；随大厅配置一起保存"
          en="Leave a field empty for its default (greyed); saved with the hall configuration"
        />
      </p>
      <div className="editor rules-grid">
        {BEHAVIOUR_RULES.map((r) => (
          <fieldset key={r.rule} data-rule={r.rule}>
            <legend>
              <label className="check">
                <input
                  type="checkbox"
                  name={`behaviour-on-${r.rule}`}
                  checked={ruleOn(hall, r.rule)}
                  onChange={(e) => setHall(withRuleOn(hall, r.rule, e.target.checked))}
                />
                <T zh={r.zh} en={r.en} />
              </label>
            </legend>
            {r.fields.map((f) => (
              <label key={f.key}>
                <T zh={f.zh} en={f.en} />
                <input
                  name={`behaviour-${f.key}`}
                  type="number"
                  step="any"
                  disabled={!ruleOn(hall, r.rule)}
                  placeholder={defaultText(f.key, f.percent)}
                  value={behaviourFieldText(hall, f.key, f.percent)}
                  onChange={(e) => setHall(withBehaviourNumber(hall, f.key, e.target.value, f.percent))}
                />
              </label>
            ))}
            {r.rule === 'after-hours' && (
              <label>
                <T zh="办公时间（空为各业务办理时间）" en="Working hours (empty: the services' hours)" />
                <input
                  name="behaviour-working-hours"
                  disabled={!ruleOn(hall, r.rule)}
                  placeholder="08:30-12:00, 13:00-17:30"
                  value={hours}
                  onChange={(e) => {
                    setHours(e.target.value);
                    setHall(withWorkingHours(hall, e.target.value));
                  }}
                />
              </label>
            )}
          </fieldset>
        ))}
      </div>
    </section>
  );
}
