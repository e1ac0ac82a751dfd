import type {
  CallAnnouncement,
  HallConfig,
  HallSnapshot,
  ServiceFigures,
  TicketView,
  WindowStateView,
} from '@hallq/protocol';

/** Builders for hall views in tests: valid by the protocol's schemas, overridable field by field. */

export const sampleHall = (): HallConfig => ({
  name: { zh: '政务服务大厅', en: 'Government Service Hall' },
  rules: {
    timeZone: 'Asia/Shanghai',
    callPolicy: 'earliest-first',
    dayChangePolicy: 'expire',
    noShowMinCalls: 2,
    noShowMinWaitSeconds: 60,
    priorityMinAge: 70,
    slaPauseMinutes: 30,
  },
  services: [
    {
      id: 'household',
      prefix: 'A',
      name: { zh: '户籍业务', en: 'Household registration' },
      numberWidth: 3,
      dailyLimit: null,
      perIdLimit: 3,
      openingHours: [{ from: '09:00', to: '17:00' }],
      waitingArea: { zh: '一楼A区', en: 'Floor 1, Area A' },
      enabled: true,
      defaultServiceMinutes: 8,
      slaWaitMinutes: 30,
      slaServiceMinutes: 20,
      guide: { materials: [], notes: [] },
    },
  ],
  windows: [
    {
      id: 'w1',
      number: 1,
      name: { zh: '1号窗口', en: 'Window 1' },
      serviceIds: ['household'],
      enabled: true,
      zone: 'A',
    },
    {
      id: 'w2',
      number: 2,
      name: { zh: '2号窗口', en: 'Window 2' },
      serviceIds: ['household'],
      enabled: true,
      zone: 'A',
    },
  ],
});

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, 08:00 in Shanghai

export const ticketView = (overrides: Partial<TicketView> = {}): TicketView => ({
  id: 't1',
  number: 'A001',
  businessDay: '2026-01-01',
  serviceId: 'household',
  issuedServiceId: 'household',
  visitorClass: 'normal',
  status: 'waiting',
  issuedAt: T0,
  queuedAt: T0,
  targetWindowId: null,
  windowId: null,
  clerkId: null,
  callCount: 0,
  firstCalledAt: null,
  lastCalledAt: null,
  startedAt: null,
  endedAt: null,
  transferCount: 0,
  kioskId: null,
  visitorName: null,
  ...overrides,
});

export const windowState = (overrides: Partial<WindowStateView> = {}): WindowStateView => ({
  windowId: 'w1',
  status: 'open',
  pauseReason: null,
  pauseNote: null,
  pausedAt: null,
  currentTicketId: null,
  clerkId: null,
  since: T0,
  ...overrides,
});

export const callAnnouncement = (overrides: Partial<CallAnnouncement> = {}): CallAnnouncement => ({
  ticketId: 't1',
  ticketNumber: 'A001',
  serviceId: 'household',
  windowId: 'w1',
  windowNumber: 1,
  zone: 'A',
  calledAt: T0,
  callCount: 1,
  recall: false,
  ...overrides,
});

export const serviceFigures = (overrides: Partial<ServiceFigures> = {}): ServiceFigures => ({
  serviceId: 'household',
  waiting: 0,
  estimatedWaitMs: 0,
  longestWaitingSince: null,
  ...overrides,
});

export const hallSnapshot = (overrides: Partial<HallSnapshot> = {}): HallSnapshot => ({
  seq: 0,
  epoch: 'epoch-1',
  serverTime: T0,
  businessDay: '2026-01-01',
  hall: sampleHall(),
  tickets: [],
  windows: [windowState({ windowId: 'w1' }), windowState({ windowId: 'w2' })],
  figures: [serviceFigures()],
  recentCalls: [],
  clerks: [],
  notices: [],
  ...overrides,
});
