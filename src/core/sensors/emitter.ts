/** A small typed event emitter (core may not use node:events). */
export class Emitter<E extends object> {
  private readonly listeners = new Map<keyof E, Set<(value: never) => void>>();
  /** Listener exceptions are caught (a broken consumer must not stop a sensor stream) and counted. */
  listenerErrors = 0;
  lastListenerError: unknown = null;

  on<K extends keyof E>(event: K, listener: (value: E[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (value: never) => void);
    return () => set.delete(listener as (value: never) => void);
  }

  emit<K extends keyof E>(event: K, value: E[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const fn of set) {
      try {
        (fn as (value: E[K]) => void)(value);
      } catch (err) {
        this.listenerErrors++;
        this.lastListenerError = err;
      }
    }
  }
}
