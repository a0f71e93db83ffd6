/**
 * Receives raw messages from any transport, validates them against the contract and calls the
 * engine's handler. A malformed message gets an error reply and reaches no handler.
 */
import {
  COMMANDS,
  describeIssues,
  isCommandName,
  requestEnvelopeSchema,
  type CommandName,
  type CommandResult,
  type ErrorCode,
  type ResponseEnvelope,
} from '../shared/contract';
import type { z } from 'zod';

export type Handlers = {
  [K in CommandName]: (params: z.infer<(typeof COMMANDS)[K]['params']>) => Promise<CommandResult<K>> | CommandResult<K>;
};

/** Handlers for one group of commands (a file in src/shared/commands). */
export type GroupHandlers<C extends Record<string, { params: z.ZodType; result: z.ZodType }>> = {
  [K in keyof C]: (params: z.infer<C[K]['params']>) => Promise<z.infer<C[K]['result']>> | z.infer<C[K]['result']>;
};

/** Thrown by a handler for a failure the person should read as it is. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode = 'failed',
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

function fail(id: number, code: ErrorCode, message: string): ResponseEnvelope {
  return { kind: 'response', id, ok: false, error: { code, message: message.slice(0, 4000) } };
}

export class CommandRouter {
  constructor(private readonly handlers: Handlers) {}

  /** One named command with params already separated (the Electron transport's shape). */
  async call(command: unknown, params: unknown, id = 0): Promise<ResponseEnvelope> {
    if (!isCommandName(command)) {
      return fail(id, 'unknown-command', `Unknown command "${String(command).slice(0, 100)}".`);
    }
    const spec = COMMANDS[command];
    const parsed = spec.params.safeParse(params ?? {});
    if (!parsed.success) {
      return fail(id, 'invalid-params', `Invalid parameters for ${command}: ${describeIssues(parsed.error)}`);
    }
    try {
      const handler = this.handlers[command] as (p: unknown) => Promise<unknown> | unknown;
      const result = await handler(parsed.data);
      return { kind: 'response', id, ok: true, result };
    } catch (err) {
      const code = err instanceof CommandError ? err.code : 'failed';
      const message = err instanceof Error ? err.message : String(err);
      return fail(id, code, `${command} failed: ${message}`);
    }
  }

  /** A whole request envelope (the WebSocket transport's shape). */
  async dispatch(raw: unknown): Promise<ResponseEnvelope> {
    const env = requestEnvelopeSchema.safeParse(raw);
    if (!env.success) {
      const maybeId = typeof raw === 'object' && raw !== null && 'id' in raw ? (raw as { id: unknown }).id : 0;
      const id = typeof maybeId === 'number' && Number.isInteger(maybeId) && maybeId >= 0 ? maybeId : 0;
      return fail(id, 'bad-request', `Malformed request: ${describeIssues(env.error)}`);
    }
    return this.call(env.data.command, env.data.params, env.data.id);
  }
}
