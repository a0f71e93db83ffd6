import type { WORKOUT_COMMANDS } from '../../shared/commands/workout';
import type { GroupHandlers } from '../router';

/** Handlers for the live-workout commands of src/shared/commands/workout.ts. */
export function workoutHandlers(): GroupHandlers<typeof WORKOUT_COMMANDS> {
  return {};
}
