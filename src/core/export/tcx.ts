/**
 * TCX (Garmin TrainingCenterDatabase v2): one Activity, Sport "Other" (the schema has no
 * strength sport), one Lap per set (Intensity Active) and one per rest between sets (Intensity
 * Resting), so the heart-rate track stays continuous and a coach sees the rests. TCX has no
 * reps or RR: each set lap's Notes say the exercise and reps; use FIT or JSON for the rest.
 *
 * Heart rate is walked twice (lap averages come before the track in each Lap), never held.
 */
import { repsOf, type SetDetail } from '../../shared/domain';
import { TextBatcher, type ExportSink } from './sink';
import type { SessionSource } from './source';
import { buildTimeline, forEachSampleInBlocks, heartRateStatsPerBlock } from './timeline';
import { isoUtc } from './time';
import { escapeXml } from './xml';

const NS = 'http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export function setLabel(set: SetDetail): string {
  const reps = repsOf(set);
  const corrected = set.repsCorrected !== null && set.repsCorrected !== set.repsDetected ? ` (detected ${set.repsDetected})` : '';
  const side = set.side === 'both' ? '' : `, ${set.side} side`;
  const load = set.loadKg !== null ? `, ${set.loadKg} kg` : '';
  return `${set.exerciseName}: ${reps} reps${corrected}${side}${load}`;
}

const bpmValue = (bpm: number): number => Math.min(255, Math.max(1, Math.round(bpm)));

export function writeTcx(source: SessionSource, sink: ExportSink): void {
  const { detail } = source;
  const out = new TextBatcher(sink);
  const blocks = buildTimeline(detail);
  const stats = heartRateStatsPerBlock(blocks, source.heartRate());

  out.write(`<?xml version="1.0" encoding="UTF-8"?>\n<TrainingCenterDatabase xmlns="${NS}" xmlns:xsi="${XSI}">\n`);
  out.write(`<Activities>\n<Activity Sport="Other">\n<Id>${isoUtc(detail.startedAt)}</Id>\n`);

  let open = -1;
  const closeLap = (): void => {
    if (open < 0) return;
    if (stats[open].count > 0) out.write('</Track>\n');
    const set = blocks[open].set;
    if (blocks[open].kind === 'active' && set) {
      const notes = [setLabel(set), set.notes].filter((x) => x !== '').join('\n');
      out.write(`<Notes>${escapeXml(notes)}</Notes>\n`);
    }
    out.write('</Lap>\n');
  };
  const openLap = (i: number): void => {
    const b = blocks[i];
    const st = stats[i];
    out.write(`<Lap StartTime="${isoUtc(b.startMs)}">\n`);
    out.write(`<TotalTimeSeconds>${((b.endMs - b.startMs) / 1000).toFixed(3)}</TotalTimeSeconds>\n`);
    out.write('<DistanceMeters>0</DistanceMeters>\n<Calories>0</Calories>\n');
    if (st.count > 0) {
      out.write(`<AverageHeartRateBpm><Value>${bpmValue(st.sum / st.count)}</Value></AverageHeartRateBpm>\n`);
      out.write(`<MaximumHeartRateBpm><Value>${bpmValue(st.max)}</Value></MaximumHeartRateBpm>\n`);
    }
    out.write(`<Intensity>${b.kind === 'active' ? 'Active' : 'Resting'}</Intensity>\n<TriggerMethod>Manual</TriggerMethod>\n`);
    if (st.count > 0) out.write('<Track>\n');
    open = i;
  };
  const advanceTo = (i: number): void => {
    while (open < i) {
      closeLap();
      openLap(open + 1);
    }
  };

  forEachSampleInBlocks(blocks, source.heartRate(), (i, s) => {
    advanceTo(i);
    out.write(`<Trackpoint><Time>${isoUtc(s.tMs)}</Time><HeartRateBpm><Value>${bpmValue(s.bpm)}</Value></HeartRateBpm></Trackpoint>\n`);
  });
  advanceTo(blocks.length - 1);
  closeLap();

  const notes = [detail.name, detail.routineName ? `Routine: ${detail.routineName}` : '', detail.notes]
    .filter((x) => x !== '')
    .join('\n');
  if (notes) out.write(`<Notes>${escapeXml(notes)}</Notes>\n`);
  out.write('<Creator xsi:type="Device_t"><Name>SetBeat</Name><UnitId>0</UnitId><ProductID>0</ProductID>');
  out.write('<Version><VersionMajor>0</VersionMajor><VersionMinor>1</VersionMinor></Version></Creator>\n');
  out.write('</Activity>\n</Activities>\n</TrainingCenterDatabase>\n');
  out.flush();
}
