/**
 * Commands and events of the live workout (routines, sets, rest, live frames). Merged into
 * the contract in ../contract.ts; the engine's handlers live in src/engine/handlers/workout.ts.
 */
import { defineCommands, defineEvents } from './define';

export const WORKOUT_COMMANDS = defineCommands({});

export const WORKOUT_EVENTS = defineEvents({});
