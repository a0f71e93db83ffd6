/** Set and rest timing: the workout state machine. */
export { WorkoutMachine, createWorkout } from './state-machine';
export type {
  HrRecovery,
  RestState,
  WorkoutEvent,
  WorkoutInput,
  WorkoutOptions,
  PausablePhase,
  WorkoutPhase,
  WorkoutSetState,
  WorkoutView,
} from './state-machine';
