/** The console's tabs, each at its own address (`/admin/#/reports`): a reload keeps the tab, a link shares it. */
export type AdminPage =
  | 'supervision'
  | 'follow-ups'
  | 'appointments'
  | 'config'
  | 'people'
  | 'devices'
  | 'reports'
  | 'scorecard'
  | 'planner'
  | 'integrations'
  | 'sms'
  | 'audit';

export const ADMIN_PAGES: readonly { id: AdminPage; zh: string; en: string; adminOnly: boolean }[] = [
  { id: 'supervision', zh: '效能监察', en: 'Supervision', adminOnly: false },
  { id: 'follow-ups', zh: '差评整改', en: 'Follow-ups', adminOnly: false },
  { id: 'appointments', zh: '预约', en: 'Appointments', adminOnly: false },
  { id: 'config', zh: '大厅配置', en: 'Hall setup', adminOnly: true },
  { id: 'people', zh: '人员', en: 'Staff', adminOnly: false },
  { id: 'devices', zh: '设备', en: 'Devices', adminOnly: false },
  { id: 'reports', zh: '统计报表', en: 'Reports', adminOnly: false },
  { id: 'scorecard', zh: '月度考评', en: 'Scorecard', adminOnly: false },
  { id: 'planner', zh: '排班建议', en: 'Staffing', adminOnly: false },
  { id: 'integrations', zh: '对外接口', en: 'Integrations', adminOnly: true },
  { id: 'sms', zh: '短信', en: 'SMS', adminOnly: false },
  { id: 'audit', zh: '审计日志', en: 'Audit trail', adminOnly: false },
];

/** The tabs a person may open: an admin all, a supervisor all but the admin's, a guide (导办) appointments only. */
export function pagesFor(role: 'clerk' | 'guide' | 'supervisor' | 'admin' | null): typeof ADMIN_PAGES {
  if (role === 'admin') return ADMIN_PAGES;
  if (role === 'supervisor') return ADMIN_PAGES.filter((p) => !p.adminOnly);
  if (role === 'guide') return ADMIN_PAGES.filter((p) => p.id === 'appointments');
  return [];
}

export const pageHash = (page: AdminPage): string => `#/${page}`;

/**
 * The tab an address asks for, among those this person may open; the first of them (supervision) for an empty,
 * unknown or forbidden one (a supervisor following an admin's link to #/config lands on supervision).
 */
export function pageOfHash(hash: string, allowed: readonly AdminPage[]): AdminPage {
  const wanted = /^#\/?([a-z-]+)/.exec(hash)?.[1];
  const found = allowed.find((p) => p === wanted);
  return found ?? allowed[0] ?? 'supervision';
}
