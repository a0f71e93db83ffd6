/** Beeps in the rest's last seconds (Web Audio, no files): short at 3-2-1, long at 0. */
import { useEffect, useRef } from 'react';
import { restBeep } from '../live/time';

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

/**
 * Browsers start audio only after a gesture: the first click or key press of the workout
 * (pressing Start set, say) opens the audio context, so the beep at the end of a rest plays.
 */
function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // No audio device.
  }
}

export function useRestBeep(remainingS: number | null, enabled: boolean): void {
  const prev = useRef<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    window.addEventListener('pointerdown', unlockAudio);
    window.addEventListener('keydown', unlockAudio);
    return () => {
      window.removeEventListener('pointerdown', unlockAudio);
      window.removeEventListener('keydown', unlockAudio);
    };
  }, [enabled]);
  useEffect(() => {
    const due = restBeep(prev.current, remainingS);
    prev.current = remainingS;
    if (enabled && due !== null) beep(due === 0);
  }, [remainingS, enabled]);
}
