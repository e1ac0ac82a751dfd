import { HallConfig, type ServiceConfig, type WindowConfig } from '@hallq/protocol';

/** Pure edits of the hall configuration the console makes before sending it whole to `hall:configure`. */

const FREE_PREFIXES = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function newService(hall: HallConfig): ServiceConfig {
  const used = new Set(hall.services.map((s) => s.prefix));
  const prefix = [...FREE_PREFIXES].find((p) => !used.has(p)) ?? 'Z';
  let n = hall.services.length + 1;
  while (hall.services.some((s) => s.id === `service-${n}`)) n += 1;
  return {
    id: `service-${n}`,
    prefix,
    name: { zh: `新业务${n}`, en: `New service ${n}` },
    numberWidth: 3,
    dailyLimit: null,
    perIdLimit: 1,
    openingHours: [
      { from: '09:00', to: '12:00' },
      { from: '13:30', to: '17:00' },
    ],
    waitingArea: { zh: '一楼', en: 'Floor 1' },
    enabled: true,
    defaultServiceMinutes: 5,
    slaWaitMinutes: 30,
    slaServiceMinutes: 20,
    guide: { materials: [], notes: [] },
  };
}

export function newWindow(hall: HallConfig): WindowConfig {
  const number = Math.max(0, ...hall.windows.map((w) => w.number)) + 1;
  let id = `w${number}`;
  while (hall.windows.some((w) => w.id === id)) id = `${id}-x`;
  return {
    id,
    number,
    name: { zh: `${number}号窗口`, en: `Window ${number}` },
    serviceIds: hall.services.slice(0, 1).map((s) => s.id),
    enabled: true,
    zone: hall.windows[0]?.zone ?? '1F',
  };
}

/** Moves an item of a list one place up (-1) or down (+1); the order of a window's services is its call order. */
export function move<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

/** "身份证 / ID card" lines ↔ guide materials. */
export function parseMaterials(text: string): { zh: string; en: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [zh, en] = line.split('/').map((part) => part.trim());
      return { zh: zh!, en: en || zh! };
    });
}

export const materialsText = (items: readonly { zh: string; en: string }[]): string =>
  items.map((m) => `${m.zh} / ${m.en}`).join('\n');

/** The problems the hub would refuse, in words, with where they are; empty when the hall is valid. */
export function hallProblems(hall: unknown): string[] {
  const parsed = HallConfig.safeParse(hall);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) =>
    i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message,
  );
}

/**
 * A service's abbreviation for the lobby's waiting tiles, from the two short-name fields: none when both are
 * empty; a side left empty keeps the full name in that language (the hall schema wants both).
 */
export function shortNameOf(
  service: Pick<ServiceConfig, 'name'>,
  typed: { zh: string; en: string },
): ServiceConfig['shortName'] {
  const zh = typed.zh.trim();
  const en = typed.en.trim();
  if (zh === '' && en === '') return undefined;
  return { zh: zh || service.name.zh, en: en || service.name.en };
}

/** What a short-name field shows: the abbreviation, or nothing when that side is the full name. */
export function shortNameField(
  service: Pick<ServiceConfig, 'name' | 'shortName'>,
  language: 'zh' | 'en',
): string {
  const short = service.shortName?.[language];
  return short === undefined || short === service.name[language] ? '' : short;
}

type Span = { from: string; to: string };

/** Spans as the console writes them: "09:00-12:00, 13:30-17:00". */
export const spansText = (spans: readonly Span[]): string => spans.map((h) => `${h.from}-${h.to}`).join(', ');

/** "09:00-12:00, 13:30-17:00" → spans; malformed parts are kept as typed, for the schema to name the problem. */
export function parseSpans(text: string): Span[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [from = '', to = ''] = part.split('-').map((x) => x.trim());
      return { from, to };
    });
}

type Shift = NonNullable<HallConfig['schedule']>['windows'][number];

/** A window's shift (排班) in the hall's schedule, if it has one. */
export const shiftOf = (hall: HallConfig, windowId: string): Shift | undefined =>
  hall.schedule?.windows.find((s) => s.windowId === windowId);

/**
 * The hall with a window's working hours and planned breaks set. No working hours takes the window out of the
 * schedule; a schedule left with no window is dropped (a hall without one has every window open in its services'
 * hours, which is what an admin who cleared every shift means).
 */
export function withShift(
  hall: HallConfig,
  windowId: string,
  open: readonly Span[],
  breaks: readonly Span[],
): HallConfig {
  const others = (hall.schedule?.windows ?? []).filter((s) => s.windowId !== windowId);
  const windows =
    open.length === 0 ? others : [...others, { windowId, open: [...open], breaks: [...breaks] }];
  const order = new Map(hall.windows.map((w, i) => [w.id, i]));
  windows.sort((a, b) => (order.get(a.windowId) ?? 0) - (order.get(b.windowId) ?? 0));
  const { schedule: _old, ...rest } = hall;
  return windows.length === 0 ? rest : { ...rest, schedule: { windows } };
}

/** A window renamed in the console keeps its shift. */
export function renameScheduledWindow(hall: HallConfig, from: string, to: string): HallConfig {
  if (!hall.schedule || from === to) return hall;
  return {
    ...hall,
    schedule: {
      windows: hall.schedule.windows.map((s) => (s.windowId === from ? { ...s, windowId: to } : s)),
    },
  };
}
