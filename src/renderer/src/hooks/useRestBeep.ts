/** Beeps in the rest's last seconds (Web Audio, no files): short at 3-2-1, long at 0. */
import { useEffect, useRef } from 'react';
import { beepDue } from '../live/time';

let audio: AudioContext | null = null;

function beep(long: boolean): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = long ? 660 : 880;
    const t = audio.currentTime;
    const dur = long ? 0.6 : 0.15;
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.3, t + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + dur);
    osc.connect(gain).connect(audio.destination);
    osc.start(t);
    osc.stop(t + dur + 0.05);
  } catch {
    // No audio device: the countdown is still on screen.
  }
}

export function useRestBeep(remainingS: number | null, enabled: boolean): void {
  const prev = useRef<number | null>(null);
  useEffect(() => {
    const due = remainingS === null ? null : beepDue(prev.current, remainingS);
    prev.current = remainingS;
    if (enabled && due !== null) beep(due === 0);
  }, [remainingS, enabled]);
}
