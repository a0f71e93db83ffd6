/**
 * Hostile input: every command of the contract (COMMAND_NAMES) sent with malformed and
 * oversized parameters over BOTH real transports (the Electron preload + ipc wiring, and the
 * WebSocket server). Each must get a clear error of a known code and change nothing: sessions,
 * settings, routines, the workout, the devices and the database are compared before and after;
 * no prototype is polluted. Oversized messages: 'too-large' over IPC; over the WebSocket the
 * server closes the connection with 1009 before parsing (web-server.test.ts covers one; here
 * every command).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { COMMAND_NAMES, COMMANDS, MAX_MESSAGE_BYTES, type CommandName } from '../../src/shared/contract';
import { EngineCallError } from '../../src/renderer/src/transport/client';
import { electronRig, webRig, type TransportRig } from '../contract/transports';

const REFUSAL_CODES = ['invalid-params', 'bad-request', 'too-large'];

/** Parameters no command accepts: wrong top-level types, unknown keys, pollution attempts. */
function malformedFor(name: CommandName): { label: string; params: unknown }[] {
  const schema = COMMANDS[name].params as z.ZodType;
  const keys = schema instanceof z.ZodObject ? Object.keys(schema.shape as Record<string, unknown>) : [];
  const out: { label: string; params: unknown }[] = [
    { label: 'a number', params: 42 },
    { label: 'a string', params: '{"id":1}' },
    { label: 'an array', params: [{ id: 1 }] },
    { label: 'true', params: true },
    { label: 'an unknown key', params: { unexpected: 1 } },
    { label: '__proto__ key', params: JSON.parse('{"__proto__":{"polluted":true}}') as unknown },
    { label: 'constructor.prototype', params: { constructor: { prototype: { polluted: true } } } },
    // Deeper than this, Electron's structured clone refuses it in the renderer already.
    { label: 'deep nesting', params: nest(500) },
  ];
  for (const k of keys) {
    out.push({ label: `${k}: operator object`, params: { [k]: { $ne: null, $gt: '' } } });
    out.push({ label: `${k}: nested arrays`, params: { [k]: [[[1]]] } });
    out.push({ label: `${k}: -1e308`, params: { [k]: -1e308 } });
    out.push({ label: `${k}: 100 k of text`, params: { [k]: 'x'.repeat(100_000) } });
    out.push({ label: `${k}: huge array`, params: { [k]: new Array(20_000).fill({ a: 1 }) } });
  }
  return out;
}

function nest(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Everything a command could change, read through the engine's own router. */
async function snapshot(rig: TransportRig): Promise<string> {
  const read = async (command: CommandName, params: unknown = {}): Promise<unknown> => {
    const r = await rig.engine.router.call(command, params);
    return r.ok ? r.result : { error: r.error.code };
  };
  const info = (await read('app.info')) as Record<string, unknown>;
  const workout = (await read('workout.get')) as Record<string, unknown>;
  return JSON.stringify({
    settings: await read('settings.get'),
    sessions: await read('sessions.list', { limit: 1000 }),
    routines: await read('routines.list'),
    placements: await read('routines.placements'),
    devices: await read('devices.list'),
    workout: { phase: workout.phase, sessionId: workout.sessionId, plan: workout.plan, current: workout.current },
    database: { path: info.databasePath, state: info.databaseState },
  });
}

/** Some state to protect: a changed setting, a copied routine, a finished session. */
async function seed(rig: TransportRig): Promise<void> {
  const call = async (command: CommandName, params: unknown = {}): Promise<unknown> => {
    const r = await rig.engine.router.call(command, params);
    if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
    return r.result;
  };
  await call('settings.update', { maxHr: 187, restingHr: 52 });
  const routines = (await call('routines.list')) as { routines: { id: number }[] };
  await call('routines.copy', { id: routines.routines[0].id });
  await call('workout.begin', {});
  await call('workout.finish', {});
  await call('workout.close', {});
}

/** One raw WebSocket request; resolves with the reply, or the close code when the server closes. */
function rawWs({ port, token }: { port: number; token: string }, message: string): Promise<{ reply?: Record<string, unknown>; closed?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
    ws.once('open', () => ws.send(message));
    ws.once('message', (data) => {
      resolve({ reply: JSON.parse(String(data)) as Record<string, unknown> });
      ws.close();
    });
    ws.once('close', (code) => resolve({ closed: code }));
    ws.once('error', reject);
  });
}

function webPort(rig: TransportRig): { port: number; token: string } {
  if (typeof rig.port !== 'number' || typeof rig.token !== 'string') throw new Error('the web rig does not say its port and token');
  return { port: rig.port, token: rig.token };
}

describe.each([
  ['electron', electronRig],
  ['web', webRig],
] as const)('hostile parameters over the %s transport', (transport, makeRig) => {
  let rig: TransportRig;
  let before: string;
  beforeAll(async () => {
    rig = await makeRig();
    await seed(rig);
    before = await snapshot(rig);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  it.each(COMMAND_NAMES)('%s: every malformed payload gets a clear error and changes nothing', async (name) => {
    const accepted: string[] = [];
    for (const { label, params } of malformedFor(name)) {
      let code: string;
      let message: string;
      try {
        await rig.client.call(name, params as never);
        accepted.push(label);
        continue;
      } catch (err) {
        expect(err, `${name} ${label}`).toBeInstanceOf(EngineCallError);
        code = (err as EngineCallError).code;
        message = (err as Error).message;
      }
      expect(REFUSAL_CODES, `${name} with ${label}: ${code} ${message}`).toContain(code);
      expect(message.length, `${name} with ${label}`).toBeGreaterThan(10);
      expect(message.length).toBeLessThanOrEqual(4000);
    }
    expect(accepted, `${name} accepted malformed parameters`).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot(rig)).toBe(before);
  });

  it('oversized parameters for every command are refused before any handler', async () => {
    const big = 'x'.repeat(MAX_MESSAGE_BYTES + 1024);
    for (const name of COMMAND_NAMES) {
      const schema = COMMANDS[name].params as z.ZodType;
      const key = schema instanceof z.ZodObject ? (Object.keys(schema.shape as Record<string, unknown>)[0] ?? 'pad') : 'pad';
      if (transport === 'web') {
        const r = await rawWs(webPort(rig), JSON.stringify({ kind: 'request', id: 1, command: name, params: { [key]: big } }));
        expect(r.closed, `${name}: ${JSON.stringify(r.reply)?.slice(0, 200)}`).toBe(1009);
      } else {
        let code = '';
        try {
          await rig.client.call(name, { [key]: big } as never);
        } catch (err) {
          code = (err as EngineCallError).code;
        }
        expect(code, name).toBe('too-large');
        // Structured clone carries cycles that JSON (and so web mode) never could.
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        let cyclicCode = '';
        try {
          await rig.client.call(name, cyclic as never);
        } catch (err) {
          cyclicCode = (err as EngineCallError).code;
        }
        expect(cyclicCode, name).toBe('bad-request');
      }
    }
    expect(await snapshot(rig)).toBe(before);
  }, 60_000);
});
