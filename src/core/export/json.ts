/**
 * Streams a session as a SetBeat session file (schema in src/shared/session-json.ts): the
 * session's detail as one object, then heart rate, RR and acceleration written sample by
 * sample, so a long recording never sits in memory as one string.
 */
import type { DeviceInfo, Rep, SessionDetail, SetDetail } from '../../shared/domain';
import { SESSION_JSON_FORMAT, SESSION_JSON_VERSION } from '../../shared/session-json';
import { TextBatcher, type ExportSink } from './sink';
import type { SessionSource } from './source';

export interface SessionJsonOptions {
  /** ISO time written as "exportedAt" (the caller's clock: core reads none). */
  exportedAt: string;
  generator?: string;
  /** Include raw acceleration when the source has it (default true). */
  includeAcc?: boolean;
}

/** JSON numbers: non-finite values have no JSON form, and the schema refuses them anyway. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
}

export function writeSessionJson(source: SessionSource, sink: ExportSink, options: SessionJsonOptions): void {
  const out = new TextBatcher(sink);
  const head = {
    format: SESSION_JSON_FORMAT,
    schemaVersion: SESSION_JSON_VERSION,
    exportedAt: options.exportedAt,
    generator: options.generator ?? 'SetBeat',
  };
  const headText = JSON.stringify(head);
  out.write(headText.slice(0, -1));
  out.write(`,\n"session":${JSON.stringify(sessionForJson(source.detail))}`);

  out.write(',\n"heartRate":[');
  let first = true;
  for (const s of source.heartRate()) {
    out.write(`${first ? '\n' : ',\n'}[${num(s.tMs)},${num(s.bpm)},${s.contact === null ? 'null' : s.contact}]`);
    first = false;
  }
  out.write('],\n"rr":[');
  first = true;
  for (const r of source.rr()) {
    out.write(`${first ? '\n' : ',\n'}[${num(r.tMs)},${num(r.rrMs)}]`);
    first = false;
  }
  out.write('],\n"acc":[');
  if (source.acc && options.includeAcc !== false) {
    first = true;
    for (const c of source.acc()) {
      const samples: string[] = [];
      for (let i = 0; i < c.count; i++) samples.push(`[${num(c.tMs[i])},${num(c.x[i])},${num(c.y[i])},${num(c.z[i])}]`);
      out.write(`${first ? '\n' : ',\n'}{"sensorId":${JSON.stringify(c.sensorId)},"samples":[${samples.join(',')}]}`);
      first = false;
    }
  }
  out.write(']}\n');
  out.flush();
}

/**
 * Exactly the schema's fields, in the schema's order: a store row may carry more (internal
 * columns), and the strict schema would refuse a file that had them.
 */
export function sessionForJson(d: SessionDetail): SessionDetail {
  const rep = (r: Rep): Rep => ({
    t: r.t, start: r.start, end: r.end, amplitude: r.amplitude, confidence: r.confidence, detectedAt: r.detectedAt,
    quality: {
      durationS: r.quality.durationS,
      ...(r.quality.tempo ? { tempo: { downS: r.quality.tempo.downS, upS: r.quality.tempo.upS } } : {}),
      ...(r.quality.impactG !== undefined ? { impactG: r.quality.impactG } : {}),
      ...(r.quality.swayG !== undefined ? { swayG: r.quality.swayG } : {}),
    },
  });
  const set = (s: SetDetail): SetDetail => ({
    id: s.id, sessionId: s.sessionId, order: s.order, exerciseId: s.exerciseId, exerciseName: s.exerciseName,
    side: s.side, startedAt: s.startedAt, endedAt: s.endedAt, repsDetected: s.repsDetected,
    repsCorrected: s.repsCorrected, target: s.target, loadKg: s.loadKg, notes: s.notes, avgHr: s.avgHr,
    maxHr: s.maxHr, restBeforeS: s.restBeforeS, reps: s.reps.map(rep),
  });
  const device = (x: DeviceInfo): DeviceInfo => ({
    id: x.id, name: x.name, kind: x.kind,
    ...(x.manufacturer !== undefined ? { manufacturer: x.manufacturer } : {}),
    ...(x.model !== undefined ? { model: x.model } : {}),
    ...(x.firmware !== undefined ? { firmware: x.firmware } : {}),
  });
  return {
    id: d.id, name: d.name, routineName: d.routineName, startedAt: d.startedAt, endedAt: d.endedAt,
    status: d.status, durationS: d.durationS, setCount: d.setCount, repCount: d.repCount, avgHr: d.avgHr,
    maxHr: d.maxHr, zoneSeconds: [...d.zoneSeconds], notes: d.notes, devices: d.devices.map(device),
    sets: d.sets.map(set),
  };
}
