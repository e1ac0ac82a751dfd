import type { HallConfig, ServiceConfig } from '@hallq/protocol';
import { useState } from 'react';
import {
  DEFAULT_POLICY,
  DEFAULT_RULES,
  limitOf,
  parseDays,
  parseWeekdays,
  weekdaysText,
} from './appointments-view.ts';
import { parseSpans, spansText } from './hall-edit.ts';
import { T } from './T.tsx';

type Rules = NonNullable<ServiceConfig['appointments']>;

const hoursText = (r: Rules) => spansText(r.hours);

function NumberField(props: {
  name: string;
  zh: string;
  en: string;
  value: number;
  onChange: (n: number) => void;
}) {
  return (
    <label>
      <T zh={props.zh} en={props.en} />
      <input
        name={props.name}
        type="number"
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

/**
 * 预约规则 of one service in the hall editor: off (no appointments) or the rules, every field of the hall file's
 * `appointments`. What is typed is checked by the hub when the hall is saved (the protocol's schema); the rules
 * take effect at once for every following booking and check-in.
 */
export function AppointmentRulesEditor({
  service,
  update,
}: {
  service: ServiceConfig;
  update: (patch: Partial<ServiceConfig>) => void;
}) {
  const rules = service.appointments ?? null;
  const [hours, setHours] = useState(rules ? hoursText(rules) : hoursText(DEFAULT_RULES));
  const [weekdays, setWeekdays] = useState(weekdaysText(rules?.weekdays ?? DEFAULT_RULES.weekdays));
  const set = (patch: Partial<Rules>) => update({ appointments: { ...(rules ?? DEFAULT_RULES), ...patch } });
  return (
    <fieldset className="wide editor" data-editor={`appointments-${service.id}`}>
      <legend>
        <label className="check">
          <input
            type="checkbox"
            name="service-appointments"
            checked={rules !== null}
            onChange={(e) => update({ appointments: e.target.checked ? DEFAULT_RULES : null })}
          />
          <T zh="接受预约" en="Takes appointments" />
        </label>
      </legend>
      {rules && (
        <>
          <NumberField
            name="appointment-slot-minutes"
            zh="时段长度(分)"
            en="Slot (min)"
            value={rules.slotMinutes}
            onChange={(n) => set({ slotMinutes: n })}
          />
          <NumberField
            name="appointment-places"
            zh="每时段名额"
            en="Places per slot"
            value={rules.capacity.places}
            onChange={(n) => set({ capacity: { ...rules.capacity, places: n } })}
          />
          <label>
            <T zh="名额计算" en="Places count" />
            <select
              name="appointment-capacity-kind"
              value={rules.capacity.kind}
              onChange={(e) =>
                set({
                  capacity: {
                    kind: e.target.value as Rules['capacity']['kind'],
                    places: rules.capacity.places,
                  },
                })
              }
            >
              <option value="per-window">每个窗口 · per window</option>
              <option value="fixed">合计 · in all</option>
            </select>
          </label>
          <label>
            <T zh="预约时间（如 09:00-12:00, 13:30-17:00）" en="Hours (e.g. 09:00-12:00, 13:30-17:00)" />
            <input
              name="appointment-hours"
              value={hours}
              onChange={(e) => {
                setHours(e.target.value);
                set({ hours: parseSpans(e.target.value) });
              }}
            />
          </label>
          <label>
            <T zh="星期（1-5 为周一至周五）" en="Weekdays (1-5: Mon–Fri)" />
            <input
              name="appointment-weekdays"
              value={weekdays}
              onChange={(e) => {
                setWeekdays(e.target.value);
                set({ weekdays: parseWeekdays(e.target.value) });
              }}
            />
          </label>
          <NumberField
            name="appointment-min-ahead"
            zh="最早（工作日后）"
            en="From (working days ahead)"
            value={rules.minWorkingDaysAhead}
            onChange={(n) => set({ minWorkingDaysAhead: n })}
          />
          <NumberField
            name="appointment-max-ahead"
            zh="最晚（工作日后）"
            en="Until (working days ahead)"
            value={rules.maxWorkingDaysAhead}
            onChange={(n) => set({ maxWorkingDaysAhead: n })}
          />
          <NumberField
            name="appointment-cancel-deadline"
            zh="取消截止(开始前分钟)"
            en="Cancel until (min before)"
            value={rules.cancelDeadlineMinutes}
            onChange={(n) => set({ cancelDeadlineMinutes: n })}
          />
          <NumberField
            name="appointment-release"
            zh="取消后释放(分)"
            en="Freed after cancel (min)"
            value={rules.releaseAfterMinutes}
            onChange={(n) => set({ releaseAfterMinutes: n })}
          />
          <NumberField
            name="appointment-check-in-before"
            zh="提前签到(分)"
            en="Check-in from (min before)"
            value={rules.checkInBeforeMinutes}
            onChange={(n) => set({ checkInBeforeMinutes: n })}
          />
          <NumberField
            name="appointment-check-in-after"
            zh="迟到宽限(分)"
            en="Check-in until (min after)"
            value={rules.checkInAfterMinutes}
            onChange={(n) => set({ checkInAfterMinutes: n })}
          />
          <label>
            <T zh="迟到处理" en="Late visitors" />
            <select
              name="appointment-late-policy"
              value={rules.latePolicy}
              onChange={(e) => set({ latePolicy: e.target.value as Rules['latePolicy'] })}
            >
              <option value="walk-in">改为现场取号 · walk-in ticket</option>
              <option value="refuse">拒绝签到 · refused</option>
            </select>
          </label>
          <label>
            <T zh="每人未办预约上限（空为不限）" en="Upcoming per person (empty: none)" />
            <input
              name="appointment-per-person"
              value={rules.perPersonUpcoming ?? ''}
              onChange={(e) =>
                set({ perPersonUpcoming: e.target.value.trim() === '' ? null : Number(e.target.value) })
              }
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              name="appointment-make-up-days"
              checked={rules.makeUpDays}
              onChange={(e) => set({ makeUpDays: e.target.checked })}
            />
            <T zh="调休上班日也接受预约" en="Make-up working days too" />
          </label>
        </>
      )}
    </fieldset>
  );
}

type Policy = NonNullable<HallConfig['rules']['appointmentPolicy']>;

function TextField(props: {
  name: string;
  zh: string;
  en: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <label>
      <T zh={props.zh} en={props.en} />
      <input name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
    </label>
  );
}

/**
 * 预约政策 of the hall: limits per person across services, the no-show block, and the hall's own corrections
 * to the national calendar (closed days, extra working days). Saved with the hall.
 */
export function AppointmentPolicyEditor({
  policy,
  onChange,
}: {
  policy: Policy | undefined;
  onChange: (policy: Policy) => void;
}) {
  const p = policy ?? DEFAULT_POLICY;
  const [closed, setClosed] = useState(p.calendar.closedDays.join(', '));
  const [working, setWorking] = useState(p.calendar.workingDays.join(', '));
  const limits = (patch: Partial<Policy['personLimits']>) =>
    onChange({ ...p, personLimits: { ...p.personLimits, ...patch } });
  const block = (patch: Partial<Policy['noShowBlock']>) =>
    onChange({ ...p, noShowBlock: { ...p.noShowBlock, ...patch } });
  const text = (n: number | null) => (n === null ? '' : String(n));
  return (
    <div className="editor" data-editor="appointment-policy">
      <TextField
        name="policy-per-day"
        zh="每人每天预约（空为不限）"
        en="Per person a day (empty: none)"
        value={text(p.personLimits.perDay)}
        onChange={(v) => limits({ perDay: limitOf(v) })}
      />
      <TextField
        name="policy-per-week"
        zh="每人每周预约（空为不限）"
        en="Per person a week (empty: none)"
        value={text(p.personLimits.perWeek)}
        onChange={(v) => limits({ perWeek: limitOf(v) })}
      />
      <TextField
        name="policy-per-month"
        zh="每人每月预约（空为不限）"
        en="Per person a month (empty: none)"
        value={text(p.personLimits.perMonth)}
        onChange={(v) => limits({ perMonth: limitOf(v) })}
      />
      <NumberField
        name="policy-missed"
        zh="失约次数"
        en="Missed appointments"
        value={p.noShowBlock.missed}
        onChange={(n) => block({ missed: n })}
      />
      <NumberField
        name="policy-within-days"
        zh="统计天数"
        en="Within days"
        value={p.noShowBlock.withinDays}
        onChange={(n) => block({ withinDays: n })}
      />
      <NumberField
        name="policy-block-days"
        zh="限制预约天数"
        en="Blocked for days"
        value={p.noShowBlock.blockDays}
        onChange={(n) => block({ blockDays: n })}
      />
      <label className="wide">
        <T zh="本厅休息日（逗号分隔，如 2027-01-04）" en="Hall closed on (comma-separated days)" />
        <input
          name="policy-closed-days"
          value={closed}
          onChange={(e) => {
            setClosed(e.target.value);
            onChange({ ...p, calendar: { ...p.calendar, closedDays: parseDays(e.target.value) } });
          }}
        />
      </label>
      <label className="wide">
        <T zh="本厅加班日（逗号分隔）" en="Hall open on (extra working days)" />
        <input
          name="policy-working-days"
          value={working}
          onChange={(e) => {
            setWorking(e.target.value);
            onChange({ ...p, calendar: { ...p.calendar, workingDays: parseDays(e.target.value) } });
          }}
        />
      </label>
    </div>
  );
}
