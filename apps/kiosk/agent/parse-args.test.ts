import { describe, expect, it } from 'vitest';
import { AgentArgsError, parseAgentArgs } from './parse-args.ts';

describe('the agent port', () => {
  it('comes from --port, else HALLQ_AGENT_PORT, else the config file (null here)', () => {
    expect(parseAgentArgs(['--simulate']).port).toBeNull();
    expect(parseAgentArgs(['--simulate'], { HALLQ_AGENT_PORT: '8092' }).port).toBe(8092);
    expect(parseAgentArgs(['--port', '8093'], { HALLQ_AGENT_PORT: '8092' }).port).toBe(8093);
    expect(parseAgentArgs(['--port=0']).port).toBe(0);
  });

  it('a port that is not one is a clear error, from the flag or the environment', () => {
    expect(() => parseAgentArgs([], { HALLQ_AGENT_PORT: 'eighty' })).toThrow(AgentArgsError);
    expect(() => parseAgentArgs([], { HALLQ_AGENT_PORT: '70000' })).toThrow(
      'HALLQ_AGENT_PORT: not a port: 70000',
    );
    expect(() => parseAgentArgs(['--port', '-1'])).toThrow('--port: not a port: -1');
  });
});
