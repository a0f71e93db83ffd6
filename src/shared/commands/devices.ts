/**
 * Commands and events of the Devices screen: scan, list, connect, disconnect, forget, and the
 * demo sensors offered when Bluetooth cannot be used. Handlers: src/engine/handlers/devices.ts.
 */
import { z } from 'zod';
import { defineCommands, defineEvents } from './define';

const text = (max: number) => z.string().max(max);

export const deviceListingSchema = z.object({
  id: text(100),
  name: text(200),
  kind: z.enum(['hr-strap', 'polar-pmd', 'generic-imu']).nullable(),
  /** Signal strength at the last sighting, dBm. */
  rssi: z.number().nullable(),
  state: z.enum(['seen', 'connecting', 'connected', 'reconnecting', 'disconnected']),
  remembered: z.boolean(),
  battery: z.number().nullable(),
  contact: z.boolean().nullable(),
  manufacturer: text(200).optional(),
  model: text(200).optional(),
  firmware: text(200).optional(),
  /** Why the last connection ended or failed, in words. */
  lastError: text(1000).optional(),
});
export type DeviceListing = z.infer<typeof deviceListingSchema>;

export const devicesStateSchema = z.object({
  adapter: z
    .object({
      state: text(40),
      usable: z.boolean(),
      backend: z.enum(['noble', 'simulator']),
      message: text(1000),
      fix: text(1000),
    })
    .nullable(),
  devices: z.array(deviceListingSchema).max(200),
  scanning: z.boolean(),
  /** The engine can switch to simulated sensors. */
  demoAvailable: z.boolean(),
});
export type DevicesState = z.infer<typeof devicesStateSchema>;

const id = z.object({ id: text(100) }).strict();

export const DEVICES_COMMANDS = defineCommands({
  'devices.list': { params: z.object({}).strict(), result: devicesStateSchema },
  'devices.scan': { params: z.object({ on: z.boolean() }).strict(), result: devicesStateSchema },
  'devices.connect': { params: id, result: devicesStateSchema },
  'devices.disconnect': { params: id, result: devicesStateSchema },
  'devices.forget': { params: id, result: devicesStateSchema },
  'devices.useDemo': { params: z.object({}).strict(), result: devicesStateSchema },
});

export const DEVICES_EVENTS = defineEvents({
  'devices.changed': devicesStateSchema,
});
