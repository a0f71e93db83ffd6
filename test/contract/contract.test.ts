/** The same command suite over both transports: what the UI sees must not depend on which. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, DEFAULT_SETTINGS } from '../../src/shared/contract';
import { EngineCallError } from '../../src/renderer/src/transport/client';
import { electronRig, webRig, type TransportRig } from './transports';

describe.each([
  ['electron', electronRig],
  ['web', webRig],
] as const)('contract over the %s transport', (_name, makeRig) => {
  let rig: TransportRig;
  beforeAll(async () => {
    rig = await makeRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('round-trips a ping with the text it was given', async () => {
    const reply = await rig.client.call('app.ping', { echo: 'héllo, "world" 💪' });
    expect(reply.echo).toBe('héllo, "world" 💪');
    expect(Math.abs(reply.engineTime - Date.now())).toBeLessThan(5000);
  });

  it('reports app info naming its transport and data folder', async () => {
    const info = await rig.client.call('app.info', {});
    expect(info.name).toBe('SetBeat');
    expect(info.transport).toBe(rig.name);
    expect(info.dataDir).toBe(rig.engine.dataDir);
  });

  it('refuses invalid parameters with a clear error and changes nothing', async () => {
    const before = await rig.client.call('settings.get', {});
    // Out of range, wrong type, and an unknown key: each refused before any handler runs.
    for (const bad of [{ maxHr: 400 }, { maxHr: 'fast' }, { theme: 'neon' }, { colour: 'red' }]) {
      const err = await rig.client.call('settings.update', bad as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineCallError);
      expect((err as EngineCallError).code).toBe('invalid-params');
      expect((err as EngineCallError).message).toMatch(/Invalid parameters for settings.update/);
    }
    expect(await rig.client.call('settings.get', {})).toEqual(before);
  });

  it('refuses an unknown command by name', async () => {
    const err = await rig.client.call('files.delete' as never, {} as never).catch((e: unknown) => e);
    expect((err as EngineCallError).code).toBe('unknown-command');
    expect((err as EngineCallError).message).toContain('files.delete');
  });

  it('applies a valid change and streams the event that announces it', async () => {
    const seen: unknown[] = [];
    const off = rig.client.onEvent((e) => {
      if (e.event === 'settings.changed') seen.push(e.payload.maxHr);
    });
    const updated = await rig.client.call('settings.update', { maxHr: 181 });
    expect(updated).toEqual({ ...DEFAULT_SETTINGS, ...updated, maxHr: 181 });
    await expect.poll(() => seen).toEqual([181]);
    off();
  });

  it('answers every command in the contract (no command without a handler)', async () => {
    for (const name of COMMAND_NAMES) {
      const reply = await rig.engine.router.call(name, {});
      if (!reply.ok) expect(reply.error.code, `${name}: ${reply.error.message}`).not.toBe('unknown-command');
    }
  });
});

describe('Electron transport sender check', () => {
  it('refuses commands that do not come from the SetBeat window', async () => {
    const rig = await electronRig({ trusted: () => false });
    try {
      const err = await rig.client.call('app.ping', { echo: 'x' }).catch((e: unknown) => e);
      expect((err as EngineCallError).code).toBe('unauthorized');
    } finally {
      await rig.close();
    }
  });
});
