/** The Devices state from the engine, kept current by devices.changed events. */
import { useCallback, useEffect, useState } from 'react';
import type { DevicesState } from '../../../shared/commands/devices';
import type { CommandName, CommandParams } from '../../../shared/contract';
import { useEngine } from '../engine-context';

export function useDevices(): { state: DevicesState | null; error: string | null; busy: string | null; send: <K extends CommandName>(c: K, p: CommandParams<K>, busyLabel: string) => Promise<void> } {
  const { client, connection } = useEngine();
  const [state, setState] = useState<DevicesState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = client.onEvent((e) => {
      if (e.event === 'devices.changed') setState(e.payload);
    });
    client.call('devices.list', {}).then(
      (s) => live && setState(s),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
      off();
    };
  }, [client, connection]);

  const send = useCallback(
    async <K extends CommandName>(command: K, params: CommandParams<K>, busyLabel: string) => {
      setBusy(busyLabel);
      try {
        const result = await client.call(command, params);
        setState(result as DevicesState);
        setError(null);
      } catch (err) {
        setError(err instanceof Error ? err.message.replace(/^devices\.\w+ failed: /, '') : String(err));
      } finally {
        setBusy(null);
      }
    },
    [client],
  );

  return { state, error, busy, send };
}
