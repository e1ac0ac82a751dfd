import { afterEach, describe, expect, it } from 'vitest';
import type { BusFrame, BusFrameError } from './bus-codec.ts';
import { BusUsageError } from './bus-errors.ts';
import { identifyUnit } from './bus-master.ts';
import { createEvaluationPadSimulator } from './evaluator/evaluation-pad-simulator.ts';
import { hallqBusV1Codec } from './hallq-bus-v1-codec.ts';
import { BusCommand } from './hallq-bus-v1-commands.ts';
import { createCallerKeypadSimulator } from './keypad/caller-keypad-simulator.ts';
import { createMockBus, type MockBus } from './testing/mock-bus.ts';

let bench: MockBus | undefined;
afterEach(async () => {
  await bench?.close();
  bench = undefined;
});

describe('bus master', () => {
  it('identifies the kind of unit at each address with PING', async () => {
    bench = await createMockBus();
    createCallerKeypadSimulator({ bus: bench.simulator, addresses: [1] });
    createEvaluationPadSimulator({ bus: bench.simulator, addresses: [21] });
    expect(await bench.until(identifyUnit(bench.bus, 1))).toEqual({
      deviceType: 'caller-keypad',
      protocolVersion: 1,
    });
    expect(await bench.until(identifyUnit(bench.bus, 21))).toEqual({
      deviceType: 'evaluation-pad',
      protocolVersion: 1,
    });
    await expect(bench.until(identifyUnit(bench.bus, 9))).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
  });

  it('reports line noise and a corrupted reply, then succeeds on the retry', async () => {
    bench = await createMockBus({ master: { retries: 2 } });
    createCallerKeypadSimulator({ bus: bench.simulator, addresses: [1] });
    const errors: BusFrameError[] = [];
    bench.bus.onFrameError((error) => errors.push(error));
    let corrupt = 1;
    bench.deliverToHost = (bytes) => {
      if (corrupt-- <= 0) return true;
      const damaged = Uint8Array.from(bytes);
      damaged[damaged.length - 3] = damaged[damaged.length - 3]! ^ 0xff;
      bench?.link.device.write(Uint8Array.of(0x00, 0x13));
      bench?.link.device.write(damaged);
      return false;
    };
    await bench.until(bench.bus.request(1, BusCommand.keypadPoll, Uint8Array.of(0)));
    expect(errors.map((error) => error.code)).toEqual(['garbage', 'bad-crc']);
    expect(bench.link.hostWrites).toHaveLength(2);
  });

  it('passes frames nobody waits for to onUnsolicited', async () => {
    bench = await createMockBus();
    const unsolicited: BusFrame[] = [];
    bench.bus.onUnsolicited((frame) => unsolicited.push(frame));
    bench.link.device.write(
      hallqBusV1Codec.encode({ address: 5, command: 0x90, payload: new Uint8Array(0) }),
    );
    await bench.timers.flush();
    expect(unsolicited).toEqual([{ address: 5, command: 0x90, payload: new Uint8Array(0) }]);
  });

  it('refuses to request an answer from the broadcast address or beyond 247', async () => {
    bench = await createMockBus();
    await expect(bench.bus.request(0, BusCommand.ping, new Uint8Array(0))).rejects.toBeInstanceOf(
      BusUsageError,
    );
    await expect(bench.bus.request(248, BusCommand.ping, new Uint8Array(0))).rejects.toBeInstanceOf(
      BusUsageError,
    );
  });

  it('fails fast with DeviceDisconnectedError while the cable is unplugged', async () => {
    bench = await createMockBus();
    bench.link.unplug();
    await bench.timers.flush();
    await expect(bench.bus.request(1, BusCommand.ping, new Uint8Array(0))).rejects.toMatchObject({
      code: 'DEVICE_DISCONNECTED',
    });
  });
});
