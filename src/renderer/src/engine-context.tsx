/** Gives every screen the engine client, the connection state and the shared settings. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, CommandName, CommandParams, CommandResult, Settings } from '../../shared/contract';
import type { ConnectionState, EngineClient } from './transport/client';

interface EngineContextValue {
  client: EngineClient;
  connection: ConnectionState;
  info: AppInfo | null;
  settings: Settings | null;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  refreshInfo(): void;
}

const EngineContext = createContext<EngineContextValue | null>(null);

export function EngineProvider({ client, children }: { client: EngineClient; children: ReactNode }) {
  const [connection, setConnection] = useState<ConnectionState>(client.state);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);

  const refreshInfo = useCallback(() => {
    client.call('app.info', {}).then(setInfo, () => undefined);
    client.call('settings.get', {}).then(setSettings, () => undefined);
  }, [client]);

  useEffect(() => {
    const offState = client.onState((state) => {
      setConnection(state);
      if (state === 'open') refreshInfo();
    });
    const offEvents = client.onEvent((e) => {
      if (e.event === 'settings.changed') setSettings(e.payload);
      if (e.event === 'bluetooth.status') setInfo((prev) => (prev ? { ...prev, bluetooth: e.payload } : prev));
    });
    // The socket may have opened before this effect subscribed.
    setConnection(client.state);
    refreshInfo();
    return () => {
      offState();
      offEvents();
    };
  }, [client, refreshInfo]);

  const updateSettings = useCallback(
    async (patch: Partial<Settings>) => {
      // Show the choice at once; the engine's answer (or a failure) then settles it.
      setSettings((prev) => (prev ? { ...prev, ...patch } : prev));
      try {
        setSettings(await client.call('settings.update', patch));
      } catch {
        client.call('settings.get', {}).then(setSettings, () => undefined);
      }
    },
    [client],
  );

  return (
    <EngineContext.Provider value={{ client, connection, info, settings, updateSettings, refreshInfo }}>
      {children}
    </EngineContext.Provider>
  );
}

export function useEngine(): EngineContextValue {
  const value = useContext(EngineContext);
  if (!value) throw new Error('useEngine outside EngineProvider');
  return value;
}

/** Calls a command once per change of its inputs; returns the result or the error message. */
export function useCommand<K extends CommandName>(
  command: K,
  params: CommandParams<K>,
  deps: unknown[] = [],
): { data: CommandResult<K> | null; error: string | null; loading: boolean; reload: () => void } {
  const { client, connection } = useEngine();
  const [data, setData] = useState<CommandResult<K> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(params);
  useEffect(() => {
    let live = true;
    setLoading(true);
    client.call(command, JSON.parse(key) as CommandParams<K>).then(
      (result) => {
        if (!live) return;
        setData(result);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [client, command, key, tick, connection, ...deps]);
  return { data, error, loading, reload: () => setTick((t) => t + 1) };
}
