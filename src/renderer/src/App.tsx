import { useEffect, useRef, useState } from 'react';
import { confirmLeave, hasUnsaved } from './live/leave-guard';
import { useEngine } from './engine-context';
import { useTheme } from './theme';
import { DevicesScreen } from './screens/DevicesScreen';
import { WorkoutScreen } from './screens/WorkoutScreen';
import { RoutinesScreen } from './screens/RoutinesScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TeachScreen } from './screens/TeachScreen';
import { ConnectionBadge } from './components/ConnectionBadge';
import { AppBanners } from './components/AppBanners';

export const SCREENS = [
  { id: 'workout', label: 'Workout', icon: '▶' },
  { id: 'devices', label: 'Devices', icon: '◉' },
  { id: 'routines', label: 'Routines', icon: '☰' },
  { id: 'history', label: 'History', icon: '◷' },
  { id: 'teach', label: 'Teach', icon: '✚' },
  { id: 'settings', label: 'Settings', icon: '⚙' },
] as const;
export type ScreenId = (typeof SCREENS)[number]['id'];

function screenFromHash(): ScreenId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return SCREENS.some((s) => s.id === id) ? (id as ScreenId) : 'workout';
}

export function App() {
  const { settings } = useEngine();
  useTheme(settings?.theme ?? 'system');
  const [screen, setScreen] = useState<ScreenId>(screenFromHash);
  const screenRef = useRef(screen);
  screenRef.current = screen;

  // Closing or reloading the tab with unsaved edits: the browser asks.
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent): void => {
      if (hasUnsaved()) e.preventDefault();
    };
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, []);

  useEffect(() => {
    const onHash = (): void => {
      const next = screenFromHash();
      // Back/forward or a typed address: unsaved edits still ask first.
      if (!confirmLeave()) {
        window.history.replaceState(null, '', `#/${screenRef.current}`);
        return;
      }
      setScreen(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const label = SCREENS.find((s) => s.id === screen)?.label ?? '';
    document.title = `${label} · SetBeat`;
  }, [screen]);

  const go = (id: ScreenId): void => {
    if (id !== screen && !confirmLeave()) return;
    window.location.hash = `#/${id}`;
    setScreen(id);
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <img src="./favicon.svg" alt="" width={28} height={28} />
          <span>SetBeat</span>
        </div>
        <ConnectionBadge />
      </header>
      <nav className="sidebar" aria-label="Screens">
        <ul>
          {SCREENS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === s.id ? 'page' : undefined}
                onClick={() => go(s.id)}
              >
                <span className="nav-icon" aria-hidden="true">
                  {s.icon}
                </span>
                {s.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <AppBanners onOpenHistory={() => go('history')} />
        {screen === 'workout' && <WorkoutScreen onNavigate={go} />}
        {screen === 'devices' && <DevicesScreen />}
        {screen === 'routines' && <RoutinesScreen />}
        {screen === 'history' && <HistoryScreen />}
        {screen === 'teach' && <TeachScreen />}
        {screen === 'settings' && <SettingsScreen />}
      </main>
    </div>
  );
}
