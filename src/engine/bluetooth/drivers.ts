/**
 * The seam between the Bluetooth service and the core sensor drivers (src/core/sensors):
 * recognise a peripheral, run its driver over the NobleGattLink, and pour the driver's
 * events into the service's sample sink.
 */
import type { SensorKind } from '../../shared/domain';
import { createDriver, recogniseSensor } from '../../core/sensors/index';
import type { GattLink } from '../../core/sensors/link';
import type { RecogniseSensor, RunningSensor, SampleSink, StartSensor, StartSensorOptions } from './sensor-port';

export const recogniseSensorKind: RecogniseSensor = (name, services) => recogniseSensor(name, services);

export const startSensorDriver: StartSensor = async (kind: SensorKind, link: GattLink, sink: SampleSink, options: StartSensorOptions = {}): Promise<RunningSensor> => {
  const driver = createDriver(kind, link, { accClock: options.accClock });
  const off = [
    driver.on('hr', (s) => sink.hr(s.tMs, s.bpm, s.contact)),
    driver.on('rr', (s) => sink.rr(s.tMs, s.rrMs)),
    driver.on('acc', (b) => {
      for (const s of b.samples) sink.acc(s.tMs, s.x, s.y, s.z);
      if (b.clock) sink.accClock(b.clock);
    }),
    driver.on('battery', (p) => sink.battery(p)),
    driver.on('parse-error', (e) => sink.parseError(`${e.source}: ${e.message}`)),
  ];
  try {
    await driver.start();
  } catch (err) {
    for (const f of off) f();
    throw err;
  }
  if (driver.status.state === 'failed') {
    for (const f of off) f();
    throw new Error(driver.status.message);
  }
  const { manufacturer, model, firmware } = driver.info;
  sink.info({ manufacturer, model, firmware });
  if (driver.info.battery !== undefined) sink.battery(driver.info.battery);
  return {
    kind,
    stop: async () => {
      try {
        await driver.stop();
      } finally {
        for (const f of off) f();
      }
    },
  };
};
