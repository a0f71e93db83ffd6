import type { z } from 'zod';

/** A command's parameter and result schemas. */
export interface CommandSpec {
  params: z.ZodType;
  result: z.ZodType;
}

/** Keeps a group's literal keys and schemas while checking its shape. */
export const defineCommands = <T extends Record<string, CommandSpec>>(commands: T): T => commands;
export const defineEvents = <T extends Record<string, z.ZodType>>(events: T): T => events;
