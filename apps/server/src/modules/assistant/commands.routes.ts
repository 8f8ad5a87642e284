import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { CommandBody, CommandParams, CommandResult, ConfirmCommandBody, IdParams } from "@vta/contracts";
import { auth, hasRole, requirePrincipal } from "../../platform/auth/principal.js";
import type { AssistantService, Caller } from "./commands.service.js";

const callerOf = (request: FastifyRequest): Caller => {
  const p = requirePrincipal(request);
  return { workspaceId: p.workspaceId, canWrite: hasRole(p, "member") };
};

export function commandsRoutes(assistant: AssistantService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["assistant"];

    app.post(
      "/apps/:id/commands",
      {
        preValidation: [auth.anyRole],
        schema: {
          tags,
          description:
            "A command said to the app (`text`, or a `transcriptionId`): a write comes back proposed (confirm it), or written at once with `confirm: true`; a list or a question is answered over every record. Viewers may list and ask.",
          params: IdParams,
          body: CommandBody,
          response: { 200: CommandResult },
        },
      },
      async (request) => assistant.run(request.db, callerOf(request), request.params.id, request.body),
    );
    app.get(
      "/apps/:id/commands/:commandId",
      { preValidation: [auth.required], schema: { tags, params: CommandParams, response: { 200: CommandResult } } },
      async (request) => assistant.get(request.db, callerOf(request).workspaceId, request.params.id, request.params.commandId),
    );
    app.post(
      "/apps/:id/commands/:commandId/confirm",
      {
        preValidation: [auth.required],
        schema: {
          tags,
          description: "Writes a proposed command, with the values edited on its card over the proposed ones",
          params: CommandParams,
          body: ConfirmCommandBody,
          response: { 200: CommandResult },
        },
      },
      async (request) =>
        assistant.confirm(request.db, callerOf(request), request.params.id, request.params.commandId, request.body.changes),
    );
    app.post(
      "/apps/:id/commands/:commandId/undo",
      {
        preValidation: [auth.required],
        schema: { tags, description: "Takes a written command back", params: CommandParams, response: { 200: CommandResult } },
      },
      async (request) => assistant.undo(request.db, callerOf(request), request.params.id, request.params.commandId),
    );
  };
}
