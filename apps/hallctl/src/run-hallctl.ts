import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHubClient, type HubClient } from '@hallq/client';
import {
  type Ack,
  API_SCOPES,
  ApiClientAdd,
  ApiClientLimit,
  type ApiClientView,
  AppointmentCardType,
  AppointmentLookup,
  type AppointmentSlots,
  type AppointmentView,
  AppointmentVisitor,
  type DeviceKind,
  DeviceKind as DeviceKindSchema,
  type ExportedFile,
  FollowUpStatus as FollowUpStatusSchema,
  type FollowUpView,
  type PauseReason,
  PauseReason as PauseReasonSchema,
  type PlannerAnswer,
  type StorageStatusView,
  type TransferTarget,
} from '@hallq/protocol';
import { makeHallCa, makeServerCertificate } from './hall-certificate.ts';
import { type ParsedArgs, parseArgs } from './parse-args.ts';
import { planQueryOf, planTable } from './plan-table.ts';

export const USAGE = `hallctl — operate a HallQ hub from a terminal

  npm run hallctl -- <command> [arguments] [--json]
  npm run hallctl -- help                  this text (also --help, -h)

Connection (flags or environment):
  --url URL            hub address (HALLQ_URL, default http://127.0.0.1:8080)
  --token TOKEN        a device token, for kiosk commands (HALLQ_DEVICE_TOKEN)
  --user NAME          a person's username (HALLQ_USER); --password (HALLQ_PASSWORD)
  --change-password PW replace a one-time password while signing in (required at the first sign-in with one;
                       at least 12 characters, not a common password)
  --window ID          the window a clerk signs in at (HALLQ_WINDOW)

Account:
  sign-in                                  sign in and out (with --change-password: set your own password)

Queue:
  issue <service>                          take a ticket (kiosk token)
  call-next | recall | start | finish | no-show | resume <window>       (clerk)
  pause <window> --reason break|meeting|system-fault|other [--note TEXT]
  call-ticket <window> <ticket-id> --reason TEXT
  transfer <window> (--to-service ID | --to-window ID) [--note TEXT] [--back-of-line]
  status                                   waiting per service and each window's state

Administration (admin):
  device add <kiosk|counter|lobby|sign|pad> <name> [--window ID] [--zone ZONE]
  device list | device revoke <device-id>
  clerk add <username> --name NAME --staff NUMBER --new-password PW [--role clerk|guide|supervisor|admin]
  clerk list
  api-client add <name> --scopes queue:read,tickets:read,... [--rate N] [--burst N]
                                           an open-API client; its token is shown once
                                           (scopes: queue:read tickets:read appointments:write ratings:read
                                           webhooks:manage cases:write; rate: requests a second on average,
                                           burst: at once; default 10 and 40)
  api-client limit <client-id> --rate N --burst N   change a client's rate limit (from its next request)
  api-client list | api-client revoke <client-id>

好差评 and 差评 follow-ups (supervisor or admin):
  ratings export --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|xlsx|json] [--out FILE|-]
                                           rating records for the province (file named by the hub,
                                           or FILE; "-" prints csv/json)
  follow-ups list [--status open|contacted|resolved]
  follow-ups update <id> --status contacted|resolved --note TEXT [--assign USER-ID]

预约 appointments (supervisor or admin; lift-block: admin):
  appointment slots <service> <YYYY-MM-DD>  the day's slots with free places
  appointment book <service> <YYYY-MM-DD> <HH:MM> --id-number N --name NAME --phone MOBILE [--card resident|hk-mo-tw|foreign-2017|foreign-2023]
  appointment show <code> | appointment show --id-number N      one appointment, or a person's (and any block)
  appointment cancel <code>
  appointment lift-block --id-number N --reason TEXT

排班建议 — the staffing planner (supervisor or admin):
  plan <YYYY-MM-DD> [--weeks 4] [--growth 1] [--windows 3,4,5,...] [--suggest]
                   [--target-share 0.8] [--target-wait 15]
                                           forecast arrivals (same weekday of the last weeks × growth),
                                           scheduled windows and predicted waits (median, p80) per half-hour;
                                           --windows: windows open per half-hour; --suggest: the fewest windows
                                           that keep the target (80% called within 15 min unless given)

Storage (admin):
  storage status                           the last good backup, and commits the storage lost
  storage accept-loss                      accept commits the storage lost (numbering stays past them)

On the hub's own machine (no connection; --data DIR, HALLQ_DATA_DIR, default ./data):
  backup [--to FOLDER]                     online backup of the database (written, verified, then renamed)
  backup verify [FILE] [--to FOLDER]       check a backup (or every backup in the folder) without restoring it
  audit verify                             check the audit trail's hash chain
  clerk unlock <username>                  let every address try this username again at once (failed
                                           logins hold an address off a username for a growing while)

Certificates (TLS on the hall's LAN; uses openssl):
  cert ca [--dir DIR] [--name NAME] [--days 3650]
                                           the hall CA: DIR/hall-ca.pem (give it to every shell: HALLQ_HALL_CA)
                                           and DIR/hall-ca.key (keep it offline); DIR defaults to ./hall-ca
  cert server --host hub.local,192.168.1.10 [--ca-dir DIR] [--out DIR] [--days 825]
                                           the hub's hub.pem and hub.key, signed by the hall CA; start the hub
                                           with --tls-cert OUT/hub.pem --tls-key OUT/hub.key
  --ca FILE (HALLQ_CA)                     the hall CA, for hallctl's own connection to an https hub
`;

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Runs one hallctl command; resolves with the process exit code. */
export async function runHallctl(argv: readonly string[], io: Io): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = args.positionals;
  // Asking for help is a success and needs no hub; no command at all is a usage error.
  if (command === 'help' || args.flags.has('help')) {
    io.out(USAGE);
    return 0;
  }
  if (!command) {
    io.err(USAGE);
    return 2;
  }
  const json = args.flags.has('json');
  const flag = (name: string, envName?: string) =>
    args.flags.get(name) ?? (envName ? io.env[envName] : undefined);
  const print = (value: unknown, text: string) => io.out(json ? `${JSON.stringify(value)}\n` : `${text}\n`);

  if (command === 'backup' || command === 'audit') return runLocal(command, rest, args, io, print);
  if (command === 'clerk' && rest[0] === 'unlock') return runLocal('unlock', rest.slice(1), args, io, print);
  if (command === 'cert') return runCert(rest, args, io, print);

  const caFile = flag('ca', 'HALLQ_CA');
  const client = createHubClient({
    url: flag('url', 'HALLQ_URL') ?? 'http://127.0.0.1:8080',
    auth: { deviceToken: flag('token', 'HALLQ_DEVICE_TOKEN') },
    socketOptions: {
      reconnection: false,
      transports: ['websocket'],
      ...(caFile && { ca: readFileSync(resolve(io.cwd, caFile), 'utf8') }),
    },
    onProtocolError: (e) => io.err(`protocol: ${e.message}\n`),
  });
  try {
    await connected(client);
    const user = flag('user', 'HALLQ_USER');
    if (user) {
      const login = await client.login(
        user,
        flag('password', 'HALLQ_PASSWORD') ?? '',
        flag('window', 'HALLQ_WINDOW') ?? null,
        args.flags.get('change-password'),
      );
      if (!login.ok && login.error.code === 'PASSWORD_CHANGE_REQUIRED' && !json) {
        io.err('hallctl: this password is one-time; sign in again with --change-password NEW\n');
      }
      if (!login.ok) return fail(login, io, json);
      if (command === 'sign-in') {
        await client.logout();
        print(
          { username: login.data.user.username, role: login.data.user.role },
          `signed in as ${login.data.user.username} (${login.data.user.role})${args.flags.has('change-password') ? '; password changed' : ''}`,
        );
        return 0;
      }
    }
    const answer = await dispatch(client, command, rest, args);
    if (answer === null) {
      io.err(`unknown command or missing arguments: ${[command, ...rest].join(' ')}\n${USAGE}`);
      return 2;
    }
    if (!answer.ok) return fail(answer, io, json);
    if (command === 'ratings') return saveExport(answer.data as ExportedFile, args, io, print);
    print(answer.data, describe(command, answer.data));
    return 0;
  } catch (error) {
    io.err(`hallctl: ${(error as Error).message}\n`);
    return 1;
  } finally {
    client.close();
  }
}

function fail(answer: Extract<Ack<unknown>, { ok: false }>, io: Io, json: boolean): number {
  io.err(json ? `${JSON.stringify(answer.error)}\n` : `${answer.error.code}: ${answer.error.message}\n`);
  return 1;
}

function connected(client: HubClient): Promise<void> {
  return new Promise((resolveConnected, reject) => {
    if (client.connection.get() === 'connected') return resolveConnected();
    const timer = setTimeout(() => reject(new Error('the hub did not answer within 10 s')), 10_000);
    const stop = client.connection.subscribe((status) => {
      if (status !== 'connected') return;
      clearTimeout(timer);
      stop();
      resolveConnected();
    });
  });
}

async function dispatch(
  client: HubClient,
  command: string,
  rest: readonly string[],
  args: ParsedArgs,
): Promise<Ack<unknown> | null> {
  const [first, second, third] = rest;
  const note = args.flags.get('note') ?? '';
  switch (command) {
    case 'issue':
      return first
        ? client.command('ticket:issue', { requestId: randomUUID(), serviceId: first, identity: null })
        : null;
    case 'call-next':
    case 'recall':
    case 'start':
    case 'finish':
    case 'no-show':
    case 'resume':
      return first ? client.command(`window:${command}`, { windowId: first }) : null;
    case 'pause': {
      const reason = PauseReasonSchema.safeParse(args.flags.get('reason') ?? 'other');
      if (!first || !reason.success) return null;
      return client.command('window:pause', {
        windowId: first,
        reason: reason.data as PauseReason,
        note: args.flags.get('note') ?? null,
      });
    }
    case 'call-ticket':
      return first && second
        ? client.command('window:call-ticket', {
            windowId: first,
            ticketId: second,
            reason: args.flags.get('reason') ?? '',
          })
        : null;
    case 'transfer': {
      const toService = args.flags.get('to-service');
      const toWindow = args.flags.get('to-window');
      const to: TransferTarget | null = toService
        ? { kind: 'service', serviceId: toService }
        : toWindow
          ? { kind: 'window', windowId: toWindow }
          : null;
      if (!first || !to) return null;
      return client.command('window:transfer', {
        windowId: first,
        to,
        note,
        keepPlace: !args.flags.has('back-of-line'),
      });
    }
    case 'status':
      return client.command('hall:snapshot', {});
    case 'storage':
      if (first === 'status') return client.command('storage:status', {});
      if (first === 'accept-loss') return client.command('storage:accept-loss', {});
      return null;
    case 'device': {
      if (first === 'list') return client.command('device:list', {});
      if (first === 'revoke' && second) return client.command('device:revoke', { deviceId: second });
      const kind = DeviceKindSchema.safeParse(second);
      if (first === 'add' && kind.success && third) {
        return client.command('device:add', {
          kind: kind.data as DeviceKind,
          name: third,
          windowId: args.flags.get('window') ?? null,
          zone: args.flags.get('zone') ?? null,
        });
      }
      return null;
    }
    case 'plan': {
      const query = first ? planQueryOf(first, args.flags) : null;
      return query ? client.command('planner:plan', query) : null;
    }
    case 'ratings': {
      const format = args.flags.get('format') ?? 'csv';
      const from = args.flags.get('from');
      const to = args.flags.get('to') ?? from;
      if (first !== 'export' || !from || !to || (format !== 'csv' && format !== 'xlsx' && format !== 'json'))
        return null;
      return client.command('rating:export', { from, to, format });
    }
    case 'follow-ups': {
      if (first === 'list') {
        const status = FollowUpStatusSchema.safeParse(args.flags.get('status'));
        return client.command('follow-up:list', { status: status.success ? status.data : null });
      }
      const status = FollowUpStatusSchema.safeParse(args.flags.get('status'));
      if (first === 'update' && second && status.success) {
        const assign = args.flags.get('assign');
        return client.command('follow-up:update', {
          followUpId: second,
          status: status.data,
          note: args.flags.get('note') ?? '',
          ...(assign !== undefined && { assigneeId: assign }),
        });
      }
      return null;
    }
    case 'clerk': {
      if (first === 'list') return client.command('clerk:list', {});
      if (first === 'add' && second) {
        const role = args.flags.get('role') ?? 'clerk';
        if (role !== 'clerk' && role !== 'guide' && role !== 'supervisor' && role !== 'admin') return null;
        return client.command('clerk:add', {
          username: second,
          displayName: args.flags.get('name') ?? second,
          staffNumber: args.flags.get('staff') ?? '',
          password: args.flags.get('new-password') ?? '',
          role,
        });
      }
      return null;
    }
    case 'appointment':
      return appointmentCommand(client, rest, args);
    case 'api-client': {
      if (first === 'list') return client.command('api-client:list', {});
      if (first === 'revoke' && second) return client.command('api-client:revoke', { clientId: second });
      // --rate 5 --burst 20: a number the schema then checks; a flag left out stays out (the hub's default).
      const limitFlags = () => {
        const numeric = (name: string) => {
          const raw = args.flags.get(name);
          return raw === undefined ? {} : { [name === 'rate' ? 'ratePerSecond' : 'burst']: Number(raw) };
        };
        return { ...numeric('rate'), ...numeric('burst') };
      };
      const refused = (error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }) => {
        const issue = error.issues[0];
        const field = issue?.path.join('.') || 'api-client';
        const hint =
          field === 'ratePerSecond'
            ? '--rate'
            : field === 'burst'
              ? '--burst'
              : `--scopes ${API_SCOPES.join(',')}`;
        return {
          ok: false,
          error: { code: 'BAD_REQUEST', message: `${field}: ${issue?.message ?? 'not valid'} (${hint})` },
        } as const;
      };
      if (first === 'limit' && second) {
        const input = ApiClientLimit.safeParse({ clientId: second, ...limitFlags() });
        return input.success ? client.command('api-client:limit', input.data) : refused(input.error);
      }
      if (first === 'add' && second) {
        const input = ApiClientAdd.safeParse({
          name: second,
          scopes: (args.flags.get('scopes') ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          ...limitFlags(),
        });
        return input.success ? client.command('api-client:add', input.data) : refused(input.error);
      }
      return null;
    }
    default:
      return null;
  }
}

/** `hallctl appointment …`: the help desk's commands from a terminal (channel `hallctl`). */
function appointmentCommand(
  client: HubClient,
  rest: readonly string[],
  args: ParsedArgs,
): Promise<Ack<unknown>> | Ack<unknown> | null {
  const [sub, a, b, c] = rest;
  const idNumber = args.flags.get('id-number');
  switch (sub) {
    case 'slots':
      return a && b ? client.command('appointment:slots', { serviceId: a, day: b }) : null;
    case 'book': {
      if (!a || !b || !c) return null;
      const card = AppointmentCardType.safeParse(args.flags.get('card') ?? 'resident');
      const visitor = AppointmentVisitor.safeParse({
        cardType: card.success ? card.data : args.flags.get('card'),
        idNumber: (idNumber ?? '').toUpperCase(),
        name: args.flags.get('name') ?? '',
        phone: args.flags.get('phone') ?? '',
      });
      if (!visitor.success) {
        const issue = visitor.error.issues[0];
        return {
          ok: false,
          error: {
            code: 'BAD_REQUEST',
            message: `${issue?.path.join('.') || 'visitor'}: ${issue?.message ?? 'not valid'}`,
          },
        };
      }
      return client.command('appointment:book', {
        serviceId: a,
        day: b,
        slotStart: c,
        visitor: visitor.data,
        via: 'hallctl',
      });
    }
    case 'show': {
      const lookup = AppointmentLookup.safeParse(
        idNumber
          ? { kind: 'id-number', idNumber: idNumber.toUpperCase() }
          : { kind: 'code', code: (a ?? '').toUpperCase() },
      );
      return lookup.success ? client.command('appointment:lookup', lookup.data) : null;
    }
    case 'cancel':
      return a ? client.command('appointment:cancel', { code: a.toUpperCase() }) : null;
    case 'lift-block': {
      const reason = args.flags.get('reason');
      return idNumber && reason
        ? client.command('appointment:lift-block', { idNumber: idNumber.toUpperCase(), reason })
        : null;
    }
    default:
      return null;
  }
}

const time = (epoch: number) =>
  new Date(epoch).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);

function describeAppointment(a: AppointmentView): string {
  return (
    `${a.code}  ${a.status.padEnd(10)} ${a.day} ${a.slotStart}–${a.slotEnd}  ${a.serviceName.zh} · ${a.serviceName.en}` +
    `  ${a.visitorName ?? '-'} ${a.idNumber ?? '-'} ${a.phone ?? '-'}  (${a.channel})`
  );
}

function describeAppointments(d: Record<string, unknown>): string {
  if (d.appointment) return describeAppointment(d.appointment as AppointmentView);
  if (Array.isArray(d.slots)) {
    const s = d as unknown as AppointmentSlots;
    const lines = s.slots.map(
      (x) =>
        `${x.slotStart}–${x.slotEnd}  free ${String(x.free).padStart(3)} of ${x.capacity}` +
        `${x.bookable ? '' : `  (${x.reason})`}`,
    );
    return [`${s.serviceName.zh} ${s.day} (bookable ${s.firstDay} … ${s.lastDay})`, ...lines].join('\n');
  }
  if (Array.isArray(d.appointments)) {
    const block = d.block as { until: number } | null;
    const lines = (d.appointments as AppointmentView[]).map(describeAppointment);
    if (block) lines.push(`blocked until ${time(block.until)} (no-shows)`);
    return lines.join('\n') || 'no appointments';
  }
  return d.wasBlocked === true ? 'block lifted' : d.wasBlocked === false ? 'was not blocked' : 'ok';
}

/** One line a person reads; --json gives the whole answer instead. */
function describe(command: string, data: unknown): string {
  const d = data as Record<string, unknown>;
  const ticket = d.ticket as { number: string; status: string; id: string } | null | undefined;
  const window = d.window as { windowId: string; status: string } | undefined;
  switch (command) {
    case 'storage':
      return describeStorage(d);
    case 'appointment':
      return describeAppointments(d);
    case 'plan':
      return planTable(data as PlannerAnswer);
    case 'issue':
      return `${ticket?.number} (${ticket?.id}) — ${String(d.peopleAhead)} ahead, about ${Math.ceil(Number(d.estimatedWaitMs) / 60_000)} min`;
    case 'status': {
      const snapshot = d as {
        figures: { serviceId: string; waiting: number }[];
        windows: { windowId: string; status: string; currentTicketId: string | null }[];
      };
      const lines = snapshot.figures.map((f) => `${f.serviceId.padEnd(20)} waiting ${f.waiting}`);
      lines.push(
        ...snapshot.windows.map((w) => `${w.windowId.padEnd(20)} ${w.status} ${w.currentTicketId ?? '-'}`),
      );
      return lines.join('\n');
    }
    case 'device': {
      if (typeof d.token === 'string') {
        const device = d.device as { id: string; kind: string; name: string };
        return `${device.kind} "${device.name}" registered as ${device.id}\ntoken (shown once): ${d.token}`;
      }
      const devices =
        (d.devices as
          | { id: string; kind: string; name: string; online: boolean; revokedAt: number | null }[]
          | undefined) ?? [];
      return (
        devices
          .map(
            (x) =>
              `${x.id}  ${x.kind.padEnd(8)} ${x.name}${x.revokedAt ? ' (revoked)' : x.online ? ' (online)' : ''}`,
          )
          .join('\n') || 'ok'
      );
    }
    case 'follow-ups': {
      const items = (d.followUps as FollowUpView[] | undefined) ?? [d.followUp as FollowUpView];
      return (
        items
          .map(
            (f) =>
              `${f.id}  ${f.status.padEnd(9)} due ${f.dueDay}${f.overdue ? ' OVERDUE' : ''}  ${f.ticketNumber}` +
              `${f.caseNumber ? ` case ${f.caseNumber}` : ''}  level ${f.level}  ${f.assigneeName ?? 'unassigned'}`,
          )
          .join('\n') || 'no follow-ups'
      );
    }
    case 'clerk': {
      const clerks = (d.clerks as { username: string; role: string; disabled: boolean }[] | undefined) ?? [];
      if (clerks.length > 0)
        return clerks
          .map((c) => `${c.username.padEnd(16)} ${c.role}${c.disabled ? ' (disabled)' : ''}`)
          .join('\n');
      return `added ${(d.clerk as { username: string }).username}`;
    }
    case 'api-client': {
      const line = (c: ApiClientView) =>
        `${c.id}  ${c.name}  [${c.scopes.join(',')}]  ${c.ratePerSecond}/s burst ${c.burst}` +
        `${c.revokedAt ? ' (revoked)' : ''}`;
      if (typeof d.token === 'string') {
        return `${line(d.client as ApiClientView)}\ntoken (shown once; Authorization: Bearer <token>): ${d.token}`;
      }
      if (Array.isArray(d.clients))
        return (d.clients as ApiClientView[]).map(line).join('\n') || 'no API clients';
      return line(d.client as ApiClientView);
    }
    default:
      return ticket
        ? `${window?.windowId}: ${ticket.number} ${ticket.status}`
        : `${window?.windowId ?? ''} ${window?.status ?? 'ok'}`;
  }
}

async function runCert(
  rest: readonly string[],
  args: ParsedArgs,
  io: Io,
  print: (value: unknown, text: string) => void,
): Promise<number> {
  const days = (fallback: number): number => {
    const n = Number(args.flags.get('days') ?? fallback);
    if (!Number.isInteger(n) || n < 1 || n > 3650)
      throw new Error('--days must be a whole number of days, 1–3650');
    return n;
  };
  const caDir = resolve(io.cwd, args.flags.get('ca-dir') ?? args.flags.get('dir') ?? 'hall-ca');
  try {
    if (rest[0] === 'ca') {
      const made = await makeHallCa({
        dir: caDir,
        name: args.flags.get('name') ?? 'HallQ hall CA',
        days: days(3650),
      });
      print(
        made,
        [
          `hall CA certificate: ${made.certificate}  (install on every kiosk, counter and lobby: HALLQ_HALL_CA)`,
          `hall CA key:         ${made.key}  (owner-only; keep it offline once the hub's certificate is made)`,
        ].join('\n'),
      );
      return 0;
    }
    if (rest[0] === 'server') {
      const made = await makeServerCertificate({
        caDir,
        outDir: resolve(io.cwd, args.flags.get('out') ?? 'data/tls'),
        hosts: (args.flags.get('host') ?? '').split(','),
        days: days(825),
      });
      print(
        made,
        [
          `hub certificate: ${made.certificate}`,
          `hub key:         ${made.key}  (owner-only)`,
          `start the hub:   --tls-cert ${made.certificate} --tls-key ${made.key}`,
        ].join('\n'),
      );
      return 0;
    }
  } catch (error) {
    io.err(`hallctl cert: ${(error as Error).message}\n`);
    return 1;
  }
  io.err(USAGE);
  return 2;
}

async function runLocal(
  command: 'backup' | 'audit' | 'unlock',
  rest: readonly string[],
  args: ParsedArgs,
  io: Io,
  print: (value: unknown, text: string) => void,
): Promise<number> {
  const { openDatabase, backupDatabase, verifyEventChain, createLoginFailures } = await import(
    '@hallq/hub/local-tools'
  );
  const dataDir = resolve(io.cwd, args.flags.get('data') ?? io.env.HALLQ_DATA_DIR ?? 'data');
  if (command === 'backup' && rest[0] === 'verify') {
    const folder = resolve(io.cwd, args.flags.get('to') ?? join(dataDir, 'backups'));
    return verifyBackups(rest[1] ? [resolve(io.cwd, rest[1])] : null, folder, io, print);
  }
  const db = openDatabase(join(dataDir, 'hallq.db'));
  try {
    if (command === 'unlock') {
      const username = rest[0];
      if (!username) {
        io.err(USAGE);
        return 2;
      }
      // The hub reads these rows at every attempt, so the unlock holds at once, without a restart.
      const cleared = createLoginFailures(db).unlock(username);
      print(
        { username, cleared },
        `${username}: unlocked (failed logins cleared for ${cleared} address${cleared === 1 ? '' : 'es'})`,
      );
      return 0;
    }
    if (command === 'backup') {
      const folder = resolve(io.cwd, args.flags.get('to') ?? join(dataDir, 'backups'));
      const day = new Date().toISOString().slice(0, 10);
      const result = await backupDatabase(db, folder, day, Number(args.flags.get('keep') ?? 14));
      print(result, `backup written to ${result.file}`);
      return 0;
    }
    if (rest[0] !== 'verify') {
      io.err(USAGE);
      return 2;
    }
    const verdict = verifyEventChain(db);
    print(
      verdict,
      verdict.ok
        ? `audit trail intact: ${verdict.checked} entries`
        : `audit trail BROKEN at entry ${verdict.firstBroken?.id}: ${verdict.firstBroken?.reason} (${verdict.checked} entries intact before it)`,
    );
    return verdict.ok ? 0 : 1;
  } finally {
    db.close();
  }
}

/** Writes an exported file: where --out says ("-" prints a text format), or under the hub's name in the cwd. */
function saveExport(
  file: ExportedFile,
  args: ParsedArgs,
  io: Io,
  print: (value: unknown, text: string) => void,
): number {
  const bytes = Buffer.from(file.base64, 'base64');
  const out = args.flags.get('out');
  if (out === '-') {
    if (file.fileName.endsWith('.xlsx')) {
      io.err('an .xlsx workbook cannot go to the terminal: give --out FILE\n');
      return 2;
    }
    io.out(bytes.toString('utf8'));
    return 0;
  }
  const path = resolve(io.cwd, out ?? file.fileName);
  writeFileSync(path, bytes, { mode: 0o600 });
  print({ file: path, bytes: bytes.length }, `wrote ${path} (${bytes.length} bytes)`);
  return 0;
}

function describeStorage(d: Record<string, unknown>): string {
  if (!('backup' in d)) return 'loss accepted; numbering stays past the lost tickets';
  const status = d as unknown as StorageStatusView;
  const lines: string[] = [];
  const b = status.backup;
  if (!b) lines.push('backups: not configured');
  else {
    lines.push(
      b.lastGood
        ? `last good backup: ${b.lastGood.file} (${b.lastGood.businessDay}, ${(b.lastGood.bytes / 1e6).toFixed(1)} MB)`
        : 'last good backup: none',
      `today's backup: ${b.todayGood ? 'good' : b.running ? 'running' : 'MISSING'}${b.lastError ? ` (${b.lastError})` : ''}`,
    );
    if (b.sameDisk) lines.push(`WARNING: ${b.folder} is on the database's own disk`);
  }
  const lost = status.lostCommits;
  if (lost) {
    lines.push(
      `LOST COMMITS: events ${lost.eventIds.from}–${lost.eventIds.to}${lost.hallSeqs ? `, hall positions ${lost.hallSeqs.from}–${lost.hallSeqs.to}` : ''}: ${lost.reason}`,
      '  restore the newest good backup, or accept: hallctl storage accept-loss',
    );
  } else lines.push('no lost commits');
  return lines.join('\n');
}

/** `backup verify`: one file, or every backup in the folder; exit 1 if any fails (or the folder has none). */
async function verifyBackups(
  files: readonly string[] | null,
  folder: string,
  io: Io,
  print: (value: unknown, text: string) => void,
): Promise<number> {
  const { listBackups, verifyBackup } = await import('@hallq/hub/local-tools');
  const targets = files ?? listBackups(folder).map((b) => b.file);
  if (targets.length === 0) {
    io.err(`no backups in ${folder}\n`);
    return 1;
  }
  const verdicts = targets.map((file) => ({ file, ...verifyBackup(file) }));
  const lines = verdicts.map((v) =>
    v.ok
      ? `good     ${v.file} (${(v.bytes / 1e6).toFixed(1)} MB, log to entry ${v.lastEventId})`
      : `BAD      ${v.file}: ${v.reason}`,
  );
  const newestGood = verdicts.filter((v) => v.ok).at(-1);
  if (!files) lines.push(newestGood ? `newest good backup: ${newestGood.file}` : 'no good backup');
  print({ verdicts, newestGood: newestGood?.file ?? null }, lines.join('\n'));
  return verdicts.every((v) => v.ok) ? 0 : 1;
}
