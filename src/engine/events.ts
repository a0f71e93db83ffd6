import type { EventName, EventPayload } from '../shared/contract';

export type EngineEventListener = <K extends EventName>(event: K, payload: EventPayload<K>) => void;

/** A tiny typed fan-out: the engine emits contract events, each transport forwards them. */
export class EventHub {
  private readonly listeners = new Set<EngineEventListener>();

  subscribe(listener: EngineEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(event: K, payload: EventPayload<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // A broken transport must not stop the others from hearing the engine.
      }
    }
  }
}
