/**
 * What docs/deployment.md ships in deploy/: the systemd units (valid for systemd, hardened, running the built
 * programs), the hub's settings template (settings the hub really reads) and the kiosk agent's configuration
 * template (valid, naming hardware profiles that exist).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfiles } from '@hallq/devices';
import { describe, expect, it } from 'vitest';
import { readSettings } from '../apps/hub/src/settings.ts';
import {
  parseAgentConfig,
  printerProfileOf,
  readerProfileOf,
  scannerProfileOf,
} from '../apps/kiosk/agent/agent-config.ts';
import { SERVER_BUNDLES } from '../scripts/lib/build-plan.mjs';
import { REPO_ROOT } from './support/browser.ts';

const DEPLOY = join(REPO_ROOT, 'deploy');
const unitPath = (name: string) => join(DEPLOY, 'systemd', name);

/** The [Service] section of a unit file as key → values (a key may repeat). */
function serviceSection(name: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  let section = '';
  for (const raw of readFileSync(unitPath(name), 'utf8').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) section = line;
    else if (section === '[Service]' && line && !line.startsWith('#')) {
      const [key, ...value] = line.split('=');
      entries.set(key!, [...(entries.get(key!) ?? []), value.join('=')]);
    }
  }
  return entries;
}

const UNITS = [
  { unit: 'hallq-hub.service', bundle: 'hub', user: 'hallq', writes: ['/var/lib/hallq /srv/hallq-backup'] },
  { unit: 'hallq-kiosk-agent.service', bundle: 'kiosk device agent', user: 'hallq-agent', writes: [] },
] as const;

describe.each(UNITS)('$unit', ({ unit, bundle, user, writes }) => {
  it('passes systemd-analyze verify without a warning', () => {
    const verify = spawnSync('systemd-analyze', ['verify', unitPath(unit)], { encoding: 'utf8' });
    expect(verify.error).toBeUndefined();
    expect(verify.stderr).toBe('');
    expect(verify.status).toBe(0);
  });

  it('runs the built program as its own user, without privileges, on a read-only system', () => {
    const service = serviceSection(unit);
    const outfile = SERVER_BUNDLES.find((b) => b.name === bundle)!.outfile;
    expect(service.get('ExecStart')?.[0]).toMatch(
      new RegExp(`^/usr/bin/node /opt/hallq/current/${outfile}( |$)`),
    );
    expect(service.get('User')).toEqual([user]);
    for (const [key, value] of [
      ['NoNewPrivileges', 'yes'],
      ['ProtectSystem', 'strict'],
      ['ProtectHome', 'yes'],
      ['PrivateTmp', 'yes'],
      ['CapabilityBoundingSet', ''],
      ['DevicePolicy', 'closed'],
      ['RestrictSUIDSGID', 'yes'],
      ['UMask', '0077'],
    ] as const) {
      expect(service.get(key), key).toEqual([value]);
    }
    expect(service.get('ReadWritePaths') ?? []).toEqual(writes);
  });

  it('is rated "OK" or better by systemd-analyze security', () => {
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', unitPath(unit)], {
      encoding: 'utf8',
    });
    const level = /Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout)?.[1];
    expect(Number(level)).toBeLessThan(3);
  });
});

describe('the settings templates', () => {
  it('hub.env holds settings the hub reads', () => {
    const text = readFileSync(join(DEPLOY, 'etc', 'hub.env'), 'utf8');
    const env: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const match = /^(HALLQ_\w+)=(.*)$/.exec(line.trim());
      if (match) env[match[1]!] = match[2]!;
    }
    const settings = readSettings(env, [], REPO_ROOT);
    expect(settings).toMatchObject({
      host: '192.168.10.2',
      port: 8443,
      dataDir: '/var/lib/hallq',
      hallFile: '/etc/hallq/hall.json',
      tlsCertFile: '/etc/hallq/tls/hub.pem',
      tlsKeyFile: '/etc/hallq/tls/hub.key',
      backupDir: '/srv/hallq-backup/db',
      backupKeepDays: 30,
      demo: false,
    });
    // Every name in the template, commented out or not, is one the hub's start-up reads.
    const known = ['apps/hub/src/settings.ts', 'apps/hub/src/main.ts']
      .map((f) => readFileSync(join(REPO_ROOT, f), 'utf8'))
      .join('\n');
    const names = [...text.matchAll(/\b(HALLQ_[A-Z_]+)=/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(8);
    expect(names.filter((name) => !known.includes(`'${name}'`) && !known.includes(`.${name}`))).toEqual([]);
  });

  it('kiosk-agent.json is a valid agent configuration naming hardware profiles that exist', async () => {
    const config = parseAgentConfig(
      JSON.parse(readFileSync(join(DEPLOY, 'etc', 'kiosk-agent.json'), 'utf8')),
      'deploy/etc/kiosk-agent.json',
    );
    const profiles = await loadProfiles(join(REPO_ROOT, 'hardware-profiles'));
    expect(readerProfileOf(profiles, config.idReader!.profile).kind).toBe('id-card-reader');
    expect(printerProfileOf(profiles, config.printer!.profile).kind).toBe('ticket-printer');
    expect(scannerProfileOf(profiles, config.scanner!.profile).interface).toBe('serial');
    expect(config.host).toBe('127.0.0.1');
    // Only the hub's kiosk page may connect: the hub named is the one hub.env makes (TLS, its LAN name).
    expect(new URL(config.hubUrl).protocol).toBe('https:');
  });
});
