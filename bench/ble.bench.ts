/**
 * Parse throughput of the BLE parsers (notifications per second) on realistic payloads:
 * H10 HR with RR, H10 raw int16 ACC frames (36 samples), Verity-style delta ACC frames, generic
 * IMU packets, and the whole Polar driver path (parse + timestamps + events) for ACC frames.
 */
import {
  decodePmdAccFrame,
  encodeGenericImuPacket,
  encodeHeartRateMeasurement,
  encodePmdAccDeltaFrame,
  encodePmdAccRawFrame,
  parseGenericImuPacket,
  parseHeartRateMeasurement,
  parsePmdDataFrame,
  type ParseResult,
} from '../src/core/ble';
import { createDriver } from '../src/core/sensors';
import { POLAR_PMD } from '../src/shared/gatt';
import { fakeH10 } from '../test/core/sensors/fake-link';

function motion(n: number, offset: number): [number, number, number][] {
  // A squat-like wobble around 1 g with noise, in mG.
  return Array.from({ length: n }, (_, i) => {
    const t = (offset + i) / 200;
    return [Math.round(60 * Math.sin(7 * t) + ((i * 37) % 11)), Math.round(-30 + 20 * Math.cos(3 * t)), Math.round(1000 + 400 * Math.sin(2.1 * t))];
  });
}

function measure(label: string, inputs: Uint8Array[], parse: (b: Uint8Array) => ParseResult<unknown> | void, samplesPer = 0): void {
  let sink = 0;
  const run = (iterations: number) => {
    for (let i = 0; i < iterations; i++) {
      const r = parse(inputs[i % inputs.length]);
      if (r && r.ok) sink++;
    }
  };
  run(20_000); // warm-up
  let iterations = 20_000;
  let ms = 0;
  while (ms < 400) {
    iterations *= 2;
    const t0 = performance.now();
    run(iterations);
    ms = performance.now() - t0;
  }
  const perS = (iterations / ms) * 1000;
  const extra = samplesPer ? `, ${((perS * samplesPer) / 1e6).toFixed(1)} M samples/s` : '';
  console.log(`${label.padEnd(44)} ${Math.round(perS).toLocaleString('en-US').padStart(12)} notifications/s (${((ms * 1e6) / iterations).toFixed(0)} ns each${extra})${sink < 0 ? '' : ''}`);
}

export default async function bench(): Promise<void> {
  const hr = [
    encodeHeartRateMeasurement({ bpm: 72, rrMs: [833] }),
    encodeHeartRateMeasurement({ bpm: 140, contact: true, rrMs: [430, 428] }),
    encodeHeartRateMeasurement({ bpm: 95, energyExpendedKj: 120, rrMs: [640, 630, 650] }),
  ];
  measure('Heart Rate Measurement 0x2A37', hr, parseHeartRateMeasurement);

  const ts = 599616035520846242n;
  const raw = Array.from({ length: 16 }, (_, k) => encodePmdAccRawFrame(ts + BigInt(k) * 180_000_000n, motion(36, k * 36)));
  measure('PMD ACC raw int16 frame (H10, 36 samples)', raw, (b) => {
    const f = parsePmdDataFrame(b);
    return f.ok ? decodePmdAccFrame(f.value) : f;
  }, 36);

  const delta = Array.from({ length: 16 }, (_, k) => encodePmdAccDeltaFrame(ts + BigInt(k) * 1_000_000_000n, motion(57, k * 57), 0, 16, 56));
  measure(`PMD ACC delta frame (57 samples, ${delta[0].length} B)`, delta, (b) => {
    const f = parsePmdDataFrame(b);
    return f.ok ? decodePmdAccFrame(f.value, { factor: 2.44e-4 }) : f;
  }, 57);

  const imu = Array.from({ length: 16 }, (_, k) => encodeGenericImuPacket({ rangeG: 8, sampleRateHz: 200, sequence: k, samplesG: motion(38, k * 38).map((s) => s.map((v) => v / 1000) as [number, number, number]) }));
  measure('Generic IMU packet (38 samples)', imu, parseGenericImuPacket, 38);

  // Whole driver path: notification -> parse -> per-sample times -> 'acc' event.
  const link = fakeH10();
  const driver = createDriver('polar-pmd', link);
  await driver.start();
  let received = 0;
  driver.on('acc', (b) => (received += b.samples.length));
  const stream = Array.from({ length: 64 }, (_, k) => encodePmdAccRawFrame(ts, motion(36, k * 36)));
  let k = 0;
  measure('Polar driver: H10 ACC frame -> g + times', stream, (b) => {
    // A fresh sensor timestamp every frame (180 ms apart), as a real stream has.
    new DataView(b.buffer, b.byteOffset).setBigUint64(1, ts + BigInt(k) * 180_000_000n, true);
    link.notify(POLAR_PMD.service, POLAR_PMD.data, b, 1_750_000_000_000 + k++ * 180);
  }, 36);
  const rateNeeded = 200 / 36;
  console.log(`(a 200 Hz H10 stream is ${rateNeeded.toFixed(1)} frames/s; ${received.toLocaleString('en-US')} samples went through the driver, ${driver.counters.resyncs} resyncs)`);
  await driver.disconnect();
}
