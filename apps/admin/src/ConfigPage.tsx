import type {
  HallConfig,
  NoticeInput,
  ServiceConfig,
  SupervisionSettings,
  WindowConfig,
} from '@hallq/protocol';
import { localized, useLanguage } from '@hallq/ui';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { AppointmentPolicyEditor, AppointmentRulesEditor } from './AppointmentRulesEditor.tsx';
import type { AdminConnection } from './admin-connection.ts';
import { BehaviourRulesCard } from './BehaviourRulesCard.tsx';
import {
  hallProblems,
  materialsText,
  move,
  newService,
  newWindow,
  parseMaterials,
  parseSpans,
  renameScheduledWindow,
  shiftOf,
  shortNameField,
  shortNameOf,
  spansText,
  withShift,
} from './hall-edit.ts';
import { ErrorLine, T } from './T.tsx';

type Update<T> = (patch: Partial<T>) => void;

function Field(props: {
  name: string;
  zh: string;
  en: string;
  value: string | number;
  type?: 'text' | 'number';
  onChange: (value: string) => void;
}) {
  return (
    <label>
      <T zh={props.zh} en={props.en} />
      <input
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  );
}

const hoursText = (s: ServiceConfig) => spansText(s.openingHours);

function ServiceEditor({ service, update }: { service: ServiceConfig; update: Update<ServiceConfig> }) {
  const [hours, setHours] = useState(hoursText(service));
  const [materials, setMaterials] = useState(materialsText(service.guide.materials));
  return (
    <div className="editor" data-editor={`service-${service.id}`}>
      <Field name="service-id" zh="编号" en="Id" value={service.id} onChange={(v) => update({ id: v })} />
      <Field
        name="service-prefix"
        zh="号码前缀"
        en="Prefix"
        value={service.prefix}
        onChange={(v) => update({ prefix: v.toUpperCase() })}
      />
      <Field
        name="service-name-zh"
        zh="名称（中文）"
        en="Name (Chinese)"
        value={service.name.zh}
        onChange={(v) => update({ name: { ...service.name, zh: v } })}
      />
      <Field
        name="service-name-en"
        zh="名称（英文）"
        en="Name (English)"
        value={service.name.en}
        onChange={(v) => update({ name: { ...service.name, en: v } })}
      />
      <Field
        name="service-short-zh"
        zh="综合屏简称（中文，可空）"
        en="Lobby short name (Chinese, optional)"
        value={shortNameField(service, 'zh')}
        onChange={(v) =>
          update({ shortName: shortNameOf(service, { zh: v, en: shortNameField(service, 'en') }) })
        }
      />
      <Field
        name="service-short-en"
        zh="综合屏简称（英文，可空）"
        en="Lobby short name (English, optional)"
        value={shortNameField(service, 'en')}
        onChange={(v) =>
          update({ shortName: shortNameOf(service, { zh: shortNameField(service, 'zh'), en: v }) })
        }
      />
      <Field
        name="service-hours"
        zh="办理时间（如 09:00-12:00, 13:30-17:00）"
        en="Hours (e.g. 09:00-12:00, 13:30-17:00)"
        value={hours}
        onChange={(v) => {
          setHours(v);
          update({ openingHours: parseSpans(v) });
        }}
      />
      <Field
        name="service-daily-limit"
        zh="每日限额（空为不限）"
        en="Daily limit (empty: none)"
        value={service.dailyLimit ?? ''}
        onChange={(v) => update({ dailyLimit: v.trim() === '' ? null : Number(v) })}
      />
      <Field
        name="service-per-id"
        zh="每证限取"
        en="Per-ID limit"
        type="number"
        value={service.perIdLimit}
        onChange={(v) => update({ perIdLimit: Number(v) })}
      />
      <Field
        name="service-area-zh"
        zh="等候区（中文）"
        en="Waiting area (Chinese)"
        value={service.waitingArea.zh}
        onChange={(v) => update({ waitingArea: { ...service.waitingArea, zh: v } })}
      />
      <Field
        name="service-area-en"
        zh="等候区（英文）"
        en="Waiting area (English)"
        value={service.waitingArea.en}
        onChange={(v) => update({ waitingArea: { ...service.waitingArea, en: v } })}
      />
      <Field
        name="service-sla-wait"
        zh="等候时限(分)"
        en="Wait SLA (min)"
        type="number"
        value={service.slaWaitMinutes}
        onChange={(v) => update({ slaWaitMinutes: Number(v) })}
      />
      <Field
        name="service-sla-service"
        zh="办理时限(分)"
        en="Service limit (min)"
        type="number"
        value={service.slaServiceMinutes}
        onChange={(v) => update({ slaServiceMinutes: Number(v) })}
      />
      <Field
        name="service-item-code"
        zh="事项实施编码（可空）"
        en="Item code (实施编码, optional)"
        value={service.itemCode ?? ''}
        onChange={(v) => {
          const code = v.trim().toUpperCase();
          // An empty field removes the code (undefined is left out of the JSON): the schema wants none, not ''.
          update({ itemCode: code === '' ? undefined : code });
        }}
      />
      <Field
        name="service-minutes"
        zh="平均办理(分)"
        en="Typical service (min)"
        type="number"
        value={service.defaultServiceMinutes}
        onChange={(v) => update({ defaultServiceMinutes: Number(v) })}
      />
      <label className="wide">
        <T zh="所需材料（每行：中文 / English）" en="Materials (one per line: 中文 / English)" />
        <textarea
          name="service-materials"
          value={materials}
          onChange={(e) => {
            setMaterials(e.target.value);
            update({ guide: { ...service.guide, materials: parseMaterials(e.target.value) } });
          }}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={service.enabled}
          onChange={(e) => update({ enabled: e.target.checked })}
        />
        <T zh="启用" en="Enabled" />
      </label>
      <AppointmentRulesEditor service={service} update={update} />
    </div>
  );
}

/**
 * A window's shift (排班): working hours and planned breaks, typed like opening hours. The wait estimate and the
 * staffing planner read them; the counter shows the clerk the next break.
 */
function ShiftFields(props: { hall: HallConfig; windowId: string; setHall: (hall: HallConfig) => void }) {
  const shift = shiftOf(props.hall, props.windowId);
  const [open, setOpen] = useState(spansText(shift?.open ?? []));
  const [breaks, setBreaks] = useState(spansText(shift?.breaks ?? []));
  const apply = (openText: string, breaksText: string) =>
    props.setHall(withShift(props.hall, props.windowId, parseSpans(openText), parseSpans(breaksText)));
  return (
    <>
      <Field
        name="window-shift-open"
        zh="排班上岗时间（空为随业务时间）"
        en="Staffed hours (empty: the services' hours)"
        value={open}
        onChange={(v) => {
          setOpen(v);
          apply(v, breaks);
        }}
      />
      <Field
        name="window-shift-breaks"
        zh="计划休息（如 10:00-10:15）"
        en="Planned breaks (e.g. 10:00-10:15)"
        value={breaks}
        onChange={(v) => {
          setBreaks(v);
          apply(open, v);
        }}
      />
    </>
  );
}

function WindowEditor(props: {
  hall: HallConfig;
  window: WindowConfig;
  update: Update<WindowConfig>;
  setHall: (hall: HallConfig) => void;
}) {
  const language = useLanguage();
  const { window: w, update } = props;
  return (
    <div className="editor" data-editor={`window-${w.id}`}>
      <Field name="window-id" zh="编号" en="Id" value={w.id} onChange={(v) => update({ id: v })} />
      <Field
        name="window-number"
        zh="窗口号"
        en="Number"
        type="number"
        value={w.number}
        onChange={(v) => update({ number: Number(v) })}
      />
      <Field
        name="window-name-zh"
        zh="名称（中文）"
        en="Name (Chinese)"
        value={w.name.zh}
        onChange={(v) => update({ name: { ...w.name, zh: v } })}
      />
      <Field
        name="window-name-en"
        zh="名称（英文）"
        en="Name (English)"
        value={w.name.en}
        onChange={(v) => update({ name: { ...w.name, en: v } })}
      />
      <Field name="window-zone" zh="区域" en="Zone" value={w.zone} onChange={(v) => update({ zone: v })} />
      <ShiftFields hall={props.hall} windowId={w.id} setHall={props.setHall} />
      <fieldset className="wide">
        <legend>
          <T zh="办理业务（按叫号顺序）" en="Services, in calling order" />
        </legend>
        {w.serviceIds.map((id, i) => (
          <div key={id} className="order">
            {i + 1}.{' '}
            {localized(props.hall.services.find((s) => s.id === id)?.name ?? { zh: id, en: id }, language)}
            <button type="button" onClick={() => update({ serviceIds: move(w.serviceIds, i, -1) })}>
              ↑
            </button>
            <button type="button" onClick={() => update({ serviceIds: move(w.serviceIds, i, 1) })}>
              ↓
            </button>
          </div>
        ))}
        {props.hall.services.map((s) => (
          <label key={s.id} className="check">
            <input
              type="checkbox"
              name={`window-serves-${s.id}`}
              checked={w.serviceIds.includes(s.id)}
              onChange={(e) =>
                update({
                  serviceIds: e.target.checked
                    ? [...w.serviceIds, s.id]
                    : w.serviceIds.filter((x) => x !== s.id),
                })
              }
            />
            {localized(s.name, language)}
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={w.enabled} onChange={(e) => update({ enabled: e.target.checked })} />
        <T zh="启用" en="Enabled" />
      </label>
    </div>
  );
}

/** The shift column of the window table: hours, and breaks in brackets. */
function shiftSummary(hall: HallConfig, windowId: string): string {
  const shift = shiftOf(hall, windowId);
  if (!shift) return '';
  const breaks = shift.breaks.length > 0 ? ` (☕ ${spansText(shift.breaks)})` : '';
  return `${spansText(shift.open)}${breaks}`;
}

/**
 * The hall setup's sections, one on screen at a time: all of them together are three screens tall, and a desk's
 * screen must show the form it is filling in and the save button together.
 */
type ConfigSection = 'services' | 'windows' | 'day' | 'appointments' | 'behaviour' | 'notices';
const CONFIG_SECTIONS: readonly (readonly [ConfigSection, string, string])[] = [
  ['services', '业务事项', 'Services'],
  ['windows', '窗口', 'Windows'],
  ['day', '营业日与时限', 'Business day'],
  ['appointments', '预约政策', 'Appointments'],
  ['behaviour', '行为监控', 'Behaviour'],
  ['notices', '大厅公告', 'Notices'],
];

/**
 * A list the hall setup edits in place (services, windows): its rows with an 编辑 button each, an add button in the
 * heading, and the editor of the selected row under the list. Rows are keyed by position: their ids change as the
 * admin types them.
 */
function ConfigListCard<Item>({
  section,
  title,
  addName,
  addLabel,
  onAdd,
  items,
  selectedIndex,
  onSelect,
  cells,
  editor,
}: {
  section: ConfigSection;
  title: ReactNode;
  addName: string;
  addLabel: ReactNode;
  onAdd: () => void;
  items: readonly Item[];
  selectedIndex: number | null;
  onSelect: (index: number) => void;
  cells: (item: Item) => ReactNode;
  editor: (item: Item, index: number) => ReactNode;
}) {
  const editing = selectedIndex === null ? undefined : items[selectedIndex];
  return (
    <section className="card config-list" data-section-card={section}>
      <h2>
        {title}
        <button type="button" name={addName} onClick={onAdd}>
          + {addLabel}
        </button>
      </h2>
      <div className="list-box">
        <table>
          <tbody>
            {items.map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; their ids change as the admin types
              <tr key={`${i}`} className={selectedIndex === i ? 'selected' : ''}>
                {cells(item)}
                <td>
                  <button type="button" onClick={() => onSelect(i)}>
                    <T zh="编辑" en="Edit" />
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing !== undefined && selectedIndex !== null && (
        <Fragment key={`${selectedIndex}`}>{editor(editing, selectedIndex)}</Fragment>
      )}
    </section>
  );
}

export function ConfigPage({ connection }: { connection: AdminConnection }) {
  const language = useLanguage();
  const [hall, setHall] = useState<HallConfig | null>(null);
  const [notices, setNotices] = useState<NoticeInput[]>([]);
  const [settings, setSettings] = useState<SupervisionSettings | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  /** The row of that list whose editor is open. */
  const indexSelected = (kind: 'service' | 'window'): number | null =>
    selected?.startsWith(`${kind}:`) ? Number(selected.slice(kind.length + 1)) : null;
  const [section, setSection] = useState<ConfigSection>('services');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void connection.command('hall:snapshot', {}).then((answer) => {
      if (!answer.ok) return setError(answer.error.message);
      setHall(answer.data.hall);
      setNotices(answer.data.notices);
    });
    void connection.command('supervision:snapshot', {}).then((answer) => {
      if (answer.ok) setSettings(answer.data.settings);
    });
  }, [connection]);

  if (!hall) return <ErrorLine error={error} />;
  const problems = hallProblems(hall);
  const patchService = (index: number) => (patch: Partial<ServiceConfig>) =>
    setHall({ ...hall, services: hall.services.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const patchWindow = (index: number) => (patch: Partial<WindowConfig>) => {
    const before = hall.windows[index]!.id;
    const windows = hall.windows.map((w, i) => (i === index ? { ...w, ...patch } : w));
    setHall(renameScheduledWindow({ ...hall, windows }, before, patch.id ?? before));
  };
  const rules = hall.rules;
  const patchRules = (patch: Partial<HallConfig['rules']>) =>
    setHall({ ...hall, rules: { ...rules, ...patch } });

  const save = async () => {
    setMessage(null);
    setError(null);
    const answer = await connection.command('hall:configure', { hall });
    if (!answer.ok) return setError(answer.error.message);
    setHall(answer.data.hall);
    setMessage('已保存，立即生效 · Saved; in effect now');
  };
  const saveNotices = async () => {
    const answer = await connection.command('notices:set', { notices });
    if (!answer.ok) return setError(answer.error.message);
    setMessage('公告已发布 · Notices published');
  };
  const saveSettings = async () => {
    if (!settings) return;
    const answer = await connection.command('supervision:configure', { settings });
    if (!answer.ok) return setError(answer.error.message);
    setMessage('监察阈值已保存 · Thresholds saved');
  };

  return (
    <div className="config">
      <div className="savebar">
        <button
          type="button"
          className="primary"
          name="save-hall"
          disabled={problems.length > 0}
          onClick={() => void save()}
        >
          <T zh="保存配置" en="Save configuration" />
        </button>
        <nav className="config-sections" aria-label="sections">
          {CONFIG_SECTIONS.map(([id, zh, en]) => (
            <button
              key={id}
              type="button"
              data-section={id}
              aria-pressed={section === id}
              className={section === id ? 'section active' : 'section'}
              onClick={() => setSection(id)}
            >
              <T zh={zh} en={en} />
            </button>
          ))}
        </nav>
        {message && <span className="ok">{message}</span>}
        <ErrorLine error={error} />
        {problems.length > 0 && (
          <ul className="problems">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>

      {section === 'services' && (
        <ConfigListCard
          section="services"
          title={<T zh="业务事项" en="Services" />}
          addName="add-service"
          addLabel={<T zh="新增业务" en="Add service" />}
          onAdd={() => {
            setHall({ ...hall, services: [...hall.services, newService(hall)] });
            setSelected(`service:${hall.services.length}`);
          }}
          items={hall.services}
          selectedIndex={indexSelected('service')}
          onSelect={(i) => setSelected(`service:${i}`)}
          cells={(s) => (
            <>
              <td>{s.prefix}</td>
              <td>{localized(s.name, language)}</td>
              <td>{hoursText(s)}</td>
              <td>
                <T zh="时限" en="SLA" /> {s.slaWaitMinutes}/{s.slaServiceMinutes}
              </td>
              <td>{s.enabled ? '' : <T zh="停用" en="disabled" />}</td>
            </>
          )}
          editor={(s, i) => <ServiceEditor service={s} update={patchService(i)} />}
        />
      )}

      {section === 'windows' && (
        <ConfigListCard
          section="windows"
          title={<T zh="窗口" en="Windows" />}
          addName="add-window"
          addLabel={<T zh="新增窗口" en="Add window" />}
          onAdd={() => {
            setHall({ ...hall, windows: [...hall.windows, newWindow(hall)] });
            setSelected(`window:${hall.windows.length}`);
          }}
          items={hall.windows}
          selectedIndex={indexSelected('window')}
          onSelect={(i) => setSelected(`window:${i}`)}
          cells={(w) => (
            <>
              <td>{w.number}</td>
              <td>{localized(w.name, language)}</td>
              <td>{w.zone}</td>
              <td>
                {w.serviceIds.map((id) => hall.services.find((s) => s.id === id)?.prefix ?? id).join(' → ')}
              </td>
              <td data-shift={w.id}>{shiftSummary(hall, w.id)}</td>
            </>
          )}
          editor={(w, i) => <WindowEditor hall={hall} window={w} update={patchWindow(i)} setHall={setHall} />}
        />
      )}

      {section === 'day' && (
        <section className="card" data-section-card="day">
          <h2>
            <T zh="营业日与时限" en="Business day and thresholds" />
          </h2>
          <div className="editor">
            <Field
              name="hall-name-zh"
              zh="大厅名称（中文）"
              en="Hall name (Chinese)"
              value={hall.name.zh}
              onChange={(v) => setHall({ ...hall, name: { ...hall.name, zh: v } })}
            />
            <Field
              name="hall-name-en"
              zh="大厅名称（英文）"
              en="Hall name (English)"
              value={hall.name.en}
              onChange={(v) => setHall({ ...hall, name: { ...hall.name, en: v } })}
            />
            <Field
              name="time-zone"
              zh="时区"
              en="Time zone"
              value={rules.timeZone}
              onChange={(v) => patchRules({ timeZone: v })}
            />
            <label>
              <T zh="跨日未办号码" en="Tickets left at day end" />
              <select
                name="day-change"
                value={rules.dayChangePolicy}
                onChange={(e) => patchRules({ dayChangePolicy: e.target.value as 'expire' | 'keep' })}
              >
                <option value="expire">{language === 'zh' ? '作废' : 'Expire'}</option>
                <option value="keep">{language === 'zh' ? '保留' : 'Keep'}</option>
              </select>
            </label>
            <label>
              <T zh="叫号顺序" en="Call policy" />
              <select
                name="call-policy"
                value={rules.callPolicy}
                onChange={(e) =>
                  patchRules({ callPolicy: e.target.value as 'earliest-first' | 'service-order' })
                }
              >
                <option value="earliest-first">{language === 'zh' ? '先到先叫' : 'Earliest first'}</option>
                <option value="service-order">{language === 'zh' ? '按业务顺序' : 'Service order'}</option>
              </select>
            </label>
            <Field
              name="sla-pause"
              zh="暂停时限(分)"
              en="Pause limit (min)"
              type="number"
              value={rules.slaPauseMinutes}
              onChange={(v) => patchRules({ slaPauseMinutes: Number(v) })}
            />
            <Field
              name="no-show-calls"
              zh="过号前最少呼叫次数"
              en="Calls before no-show"
              type="number"
              value={rules.noShowMinCalls}
              onChange={(v) => patchRules({ noShowMinCalls: Number(v) })}
            />
            <Field
              name="no-show-wait"
              zh="过号前最少等待(秒)"
              en="Wait before no-show (s)"
              type="number"
              value={rules.noShowMinWaitSeconds}
              onChange={(v) => patchRules({ noShowMinWaitSeconds: Number(v) })}
            />
          </div>
          {settings && (
            <div className="editor">
              <Field
                name="idle-minutes"
                zh="窗口空闲告警(分)"
                en="Idle window alert (min)"
                type="number"
                value={settings.idleWithWaitingMinutes}
                onChange={(v) => setSettings({ ...settings, idleWithWaitingMinutes: Number(v) })}
              />
              <Field
                name="device-offline"
                zh="设备离线告警(秒)"
                en="Device offline alert (s)"
                type="number"
                value={settings.deviceOfflineSeconds}
                onChange={(v) => setSettings({ ...settings, deviceOfflineSeconds: Number(v) })}
              />
              <button type="button" onClick={() => void saveSettings()}>
                <T zh="保存监察阈值" en="Save thresholds" />
              </button>
            </div>
          )}
        </section>
      )}

      {section === 'appointments' && (
        <section className="card" data-card="appointment-policy" data-section-card="appointments">
          <h2>
            <T zh="预约政策" en="Appointment policy" />
          </h2>
          <AppointmentPolicyEditor
            policy={rules.appointmentPolicy}
            onChange={(appointmentPolicy) => patchRules({ appointmentPolicy })}
          />
        </section>
      )}

      {section === 'behaviour' && <BehaviourRulesCard hall={hall} setHall={setHall} />}

      {section === 'notices' && (
        <section className="card" data-section-card="notices">
          <h2>
            <T zh="大厅公告" en="Lobby notices" />
            <button
              type="button"
              onClick={() =>
                setNotices([
                  ...notices,
                  { id: `n${Date.now().toString(36)}`, title: '', body: '', scrolling: true, enabled: true },
                ])
              }
            >
              + <T zh="新增公告" en="Add notice" />
            </button>
          </h2>
          {notices.map((n, i) => (
            <div className="editor" key={n.id}>
              <Field
                name="notice-title"
                zh="标题"
                en="Title"
                value={n.title}
                onChange={(v) => setNotices(notices.map((x, j) => (j === i ? { ...x, title: v } : x)))}
              />
              <label className="wide">
                <T zh="内容" en="Text" />
                <textarea
                  value={n.body}
                  onChange={(e) =>
                    setNotices(notices.map((x, j) => (j === i ? { ...x, body: e.target.value } : x)))
                  }
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={n.enabled}
                  onChange={(e) =>
                    setNotices(notices.map((x, j) => (j === i ? { ...x, enabled: e.target.checked } : x)))
                  }
                />
                <T zh="显示" en="Shown" />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={n.scrolling}
                  onChange={(e) =>
                    setNotices(notices.map((x, j) => (j === i ? { ...x, scrolling: e.target.checked } : x)))
                  }
                />
                <T zh="滚动" en="Scrolling" />
              </label>
              <button type="button" onClick={() => setNotices(notices.filter((_, j) => j !== i))}>
                <T zh="删除" en="Remove" />
              </button>
            </div>
          ))}
          <button
            type="button"
            onClick={() => void saveNotices()}
            disabled={notices.some((n) => n.title.trim() === '')}
          >
            <T zh="发布公告" en="Publish notices" />
          </button>
        </section>
      )}
    </div>
  );
}
