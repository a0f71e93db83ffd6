/**
 * RMSSD (root mean square of successive RR differences) over a sliding time window, with the
 * artefact rejection a loose strap needs: an interval outside a physiological range, or one
 * that differs from the running median of accepted beats by more than a fraction, is dropped;
 * a successive difference is only taken between two accepted, adjacent beats.
 */

export interface RmssdOptions {
  /** Window length, ms (default 60 s). */
  windowMs?: number;
  /** Accepted RR range, ms (default 300-2000: 30-200 bpm). */
  minRrMs?: number;
  maxRrMs?: number;
  /** Largest relative departure from the recent median (default 0.2 = 20 %). */
  maxRelChange?: number;
  /** Fewest successive differences in the window before a value is given (default 10). */
  minPairs?: number;
  /** Above this share of rejected beats in the window the figure is withheld (default 0.2). */
  maxRejectedShare?: number;
}

/** One beat in the window: its squared successive difference, or null (rejected / no pair). */
interface Beat {
  tMs: number;
  sq: number | null;
  rejected: boolean;
}

export class RmssdWindow {
  private readonly windowMs: number;
  private readonly minRr: number;
  private readonly maxRr: number;
  private readonly maxRel: number;
  private readonly minPairs: number;
  private readonly maxRejectedShare: number;
  private readonly recent: number[] = [];
  private readonly beats: Beat[] = [];
  private head = 0;
  private sumSq = 0;
  private pairs = 0;
  private rejectedInWindow = 0;
  private lastAccepted: number | null = null;
  private lastAcceptedAt = 0;
  accepted = 0;
  rejected = 0;

  constructor(o: RmssdOptions = {}) {
    this.windowMs = o.windowMs ?? 60_000;
    this.minRr = o.minRrMs ?? 300;
    this.maxRr = o.maxRrMs ?? 2000;
    this.maxRel = o.maxRelChange ?? 0.2;
    this.minPairs = o.minPairs ?? 10;
    this.maxRejectedShare = o.maxRejectedShare ?? 0.2;
  }

  /** One beat interval ending at tMs. Returns whether it was accepted. */
  push(tMs: number, rrMs: number): boolean {
    this.expire(tMs);
    if (!Number.isFinite(rrMs) || rrMs < this.minRr || rrMs > this.maxRr) return this.reject(tMs);
    const median = this.median();
    // A beat missing between two accepted ones (dropout, a beat the sensor left out) breaks adjacency.
    const last = this.lastAccepted !== null && tMs - this.lastAcceptedAt <= rrMs * 1.5 ? this.lastAccepted : null;
    // Keep learning the level even from doubtful beats, so a real, lasting change of rate is
    // accepted after a few beats.
    this.remember(rrMs);
    if (median !== null && Math.abs(rrMs - median) > this.maxRel * median) return this.reject(tMs);
    if (last !== null && Math.abs(rrMs - last) > this.maxRel * last) return this.reject(tMs);
    let sq: number | null = null;
    if (last !== null) {
      sq = (rrMs - last) ** 2;
      this.sumSq += sq;
      this.pairs++;
    }
    this.beats.push({ tMs, sq, rejected: false });
    this.lastAccepted = rrMs;
    this.lastAcceptedAt = tMs;
    this.accepted++;
    return true;
  }

  /** RMSSD in ms over the window, or null with too few clean pairs. */
  value(nowMs?: number): number | null {
    if (nowMs !== undefined) this.expire(nowMs);
    if (this.pairs < this.minPairs) return null;
    const total = this.beats.length - this.head;
    // A window mostly made of artefacts gives no figure rather than a wrong one.
    if (this.rejectedInWindow > this.maxRejectedShare * total) return null;
    return Math.sqrt(Math.max(0, this.sumSq) / this.pairs);
  }

  /** Share of beats rejected in the window (0..1), for "check the strap" hints. */
  rejectedShare(): number {
    const total = this.beats.length - this.head;
    return total > 0 ? this.rejectedInWindow / total : 0;
  }

  private reject(tMs: number): false {
    this.rejected++;
    this.rejectedInWindow++;
    this.beats.push({ tMs, sq: null, rejected: true });
    // A rejected beat breaks adjacency: the next difference would span two intervals.
    this.lastAccepted = null;
    return false;
  }

  private remember(rrMs: number): void {
    this.recent.push(rrMs);
    if (this.recent.length > 7) this.recent.shift();
  }

  private median(): number | null {
    if (this.recent.length < 3) return null;
    const s = [...this.recent].sort((a, b) => a - b);
    return s[s.length >> 1];
  }

  private expire(nowMs: number): void {
    while (this.head < this.beats.length && this.beats[this.head].tMs < nowMs - this.windowMs) {
      const b = this.beats[this.head];
      if (b.sq !== null) {
        this.sumSq -= b.sq;
        this.pairs--;
      }
      if (b.rejected) this.rejectedInWindow--;
      this.head++;
    }
    // Compact now and then so a 2-hour session does not keep every beat.
    if (this.head > 512 && this.head * 2 > this.beats.length) {
      this.beats.splice(0, this.head);
      this.head = 0;
      this.sumSq = this.beats.reduce((a, b) => a + (b.sq ?? 0), 0);
    }
  }
}
