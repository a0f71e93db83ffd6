/**
 * Commands for the Routines screen: list (the built-in one is seeded on first use), save
 * (create or update), copy, delete. Handlers: src/engine/handlers/routines.ts.
 */
import { z } from 'zod';
import { placementDefaultsSchema, refinePlanSize, routineExerciseSchema } from '../routines';
import { defineCommands } from './define';

export const routineViewSchema = z.object({
  id: z.number().int().positive(),
  name: z.string().max(200),
  notes: z.string().max(4000),
  /** Built-in routines are copied, not edited. */
  builtin: z.boolean(),
  exercises: z.array(routineExerciseSchema).max(50),
});
export type RoutineView = z.infer<typeof routineViewSchema>;

export const routineDraftSchema = z.object({
  name: z.string().trim().min(1, 'give the routine a name').max(200),
  notes: z.string().max(4000),
  exercises: z.array(routineExerciseSchema).min(1, 'add at least one exercise').max(50).superRefine(refinePlanSize),
});
export type RoutineDraft = z.infer<typeof routineDraftSchema>;

const id = z.number().int().positive();

export const ROUTINES_COMMANDS = defineCommands({
  'routines.list': { params: z.object({}).strict(), result: z.object({ routines: z.array(routineViewSchema).max(500) }) },
  'routines.save': { params: z.object({ id: id.optional(), routine: routineDraftSchema }).strict(), result: routineViewSchema },
  'routines.copy': { params: z.object({ id }).strict(), result: routineViewSchema },
  'routines.delete': { params: z.object({ id }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Where sensors are worn unless an exercise says otherwise (Settings). */
  'routines.placements': { params: z.object({}).strict(), result: placementDefaultsSchema },
  'routines.setPlacements': { params: placementDefaultsSchema.partial().strict(), result: placementDefaultsSchema },
});
