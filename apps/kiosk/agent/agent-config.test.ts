import { describe, expect, it } from 'vitest';
import { agentHosts, hostAllowed, pairingMatches, requestPath } from './agent-access.ts';
import { AgentConfigError, allowedOriginsOf, originPolicy, parseAgentConfig } from './agent-config.ts';
import { parseAgentArgs } from './parse-args.ts';

describe('which pages may use the agent', () => {
  it('accepts by default only the origin of the hub serving the kiosk page', () => {
    const config = parseAgentConfig({ hubUrl: 'https://hub.local:8443/kiosk/' }, 'test');
    const allowed = originPolicy(allowedOriginsOf(config));
    expect(allowed('https://hub.local:8443')).toBe(true);
    expect(allowed('https://hub.local:8444')).toBe(false);
    expect(allowed('http://hub.local:8443')).toBe(false);
    expect(allowed('http://127.0.0.1:8080')).toBe(false);
    expect(allowedOriginsOf(parseAgentConfig({}, 'defaults'))).toEqual(['http://127.0.0.1:8080']);
  });

  it('no longer accepts "loopback" (any local page on any port), and says what to write instead', () => {
    expect(() => parseAgentConfig({ allowedOrigins: ['loopback'] }, 'agent.json')).toThrow(AgentConfigError);
    expect(() => parseAgentConfig({ allowedOrigins: ['loopback'] }, 'agent.json')).toThrow(
      /kiosk page's origin/,
    );
    expect(() => parseAgentConfig({ hubUrl: 'file:///etc/passwd' }, 'agent.json')).toThrow(AgentConfigError);
  });

  it('takes the hub from --hub', () => {
    expect(parseAgentArgs(['--simulate', '--hub', 'http://10.0.0.5:8080']).hubUrl).toBe(
      'http://10.0.0.5:8080',
    );
    expect(parseAgentArgs([]).hubUrl).toBeNull();
  });

  it('answers only to its own names (no DNS rebinding)', () => {
    const hosts = agentHosts(8091, '127.0.0.1');
    expect(hostAllowed(hosts, '127.0.0.1:8091')).toBe(true);
    expect(hostAllowed(hosts, 'LOCALHOST:8091')).toBe(true);
    expect(hostAllowed(hosts, '[::1]:8091')).toBe(true);
    expect(hostAllowed(hosts, 'rebind.evil.example:8091')).toBe(false);
    expect(hostAllowed(hosts, '127.0.0.1:8092')).toBe(false);
    expect(hostAllowed(hosts, undefined)).toBe(false);
  });

  it('compares pairing secrets without trusting their type or length', () => {
    expect(pairingMatches('s'.repeat(32), 's'.repeat(32))).toBe(true);
    expect(pairingMatches('s'.repeat(32), 's'.repeat(31))).toBe(false);
    expect(pairingMatches('s'.repeat(32), '')).toBe(false);
    expect(pairingMatches('s'.repeat(32), 42)).toBe(false);
    expect(pairingMatches('s'.repeat(32), 's'.repeat(10_000))).toBe(false);
  });

  it('parses request paths without throwing', () => {
    expect(requestPath('/simulator/card/resident')).toBe('/simulator/card/resident');
    expect(requestPath('/%')).toBeNull();
    expect(requestPath('//[')).toBe('//[');
  });
});
