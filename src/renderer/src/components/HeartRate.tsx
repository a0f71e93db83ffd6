import { zoneStyle } from '../live/zones';

export interface HeartRateProps {
  bpm: number | null;
  zone: number;
  contact: boolean | null;
}

/** The figure read from across the room: bpm huge, the tile filled with the zone's colour. */
export function HeartRate({ bpm, zone, contact }: HeartRateProps) {
  const z = zoneStyle(bpm === null ? 0 : zone);
  const label = bpm === null ? 'Heart rate: no reading' : `Heart rate ${bpm} bpm, ${z.name}`;
  return (
    <section className="live-tile hr-tile" data-zone={z.zone} style={{ background: z.background, color: z.color }} aria-label="Heart rate">
      <p className="tile-label">Heart rate</p>
      {/* A status read on demand, not announced every second (aria-live off). */}
      <p className="hr-value" role="status" aria-live="off" aria-label={label}>
        <span className="hr-number" aria-hidden="true">
          {bpm ?? '--'}
        </span>
        <span className="hr-unit" aria-hidden="true">
          bpm
        </span>
      </p>
      <p className="tile-foot">{bpm === null ? 'Waiting for a heart-rate strap' : z.name}</p>
      {contact === false ? <p className="tile-warn">Strap not touching the skin: wet the electrodes and tighten it.</p> : null}
    </section>
  );
}
