import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  Agent,
  AgentDetail,
  AgentListQuery,
  CreateAgentBody,
  CreateTaskBody,
  IdParams,
  NoContent,
  pageOf,
  Task,
  TaskListQuery,
  TaskParams,
  UpdateAgentBody,
  UpdateTaskBody,
} from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { sendPeekedOrLoaded } from "../../platform/http/cached-reply.js";
import type { AgentsService } from "./agents.service.js";

export function agentsRoutes(agents: AgentsService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["agents"];
    const preValidation = [auth.required];

    app.get(
      "/agents",
      { preValidation, schema: { tags, querystring: AgentListQuery, response: { 200: pageOf(Agent) } } },
      (request, reply) =>
        sendPeekedOrLoaded(
          request,
          reply,
          () => agents.peekList(callerWorkspace(request), request.query),
          () => agents.list(request.db, callerWorkspace(request), request.query),
        ),
    );

    app.post(
      "/agents",
      { preValidation, schema: { tags, body: CreateAgentBody, response: { 201: AgentDetail } } },
      async (request, reply) => reply.status(201).send(await agents.create(request.db, callerWorkspace(request), request.body)),
    );

    app.get("/agents/:id", { preValidation, schema: { tags, params: IdParams, response: { 200: AgentDetail } } }, (request, reply) =>
      sendPeekedOrLoaded(
        request,
        reply,
        () => agents.peekDetail(callerWorkspace(request), request.params.id),
        () => agents.get(request.db, callerWorkspace(request), request.params.id),
      ),
    );

    app.patch(
      "/agents/:id",
      { preValidation, schema: { tags, params: IdParams, body: UpdateAgentBody, response: { 200: AgentDetail } } },
      async (request) => agents.update(request.db, callerWorkspace(request), request.params.id, request.body),
    );

    app.delete(
      "/agents/:id",
      { preValidation, schema: { tags, params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await agents.remove(request.db, callerWorkspace(request), request.params.id);
        return reply.status(204).send();
      },
    );

    app.post(
      "/agents/:id/tasks",
      { preValidation, schema: { tags, params: IdParams, body: CreateTaskBody, response: { 201: Task } } },
      async (request, reply) =>
        reply.status(201).send(await agents.createTask(request.db, callerWorkspace(request), request.params.id, request.body)),
    );

    app.get(
      "/agents/:id/tasks",
      {
        preValidation,
        schema: { tags, params: IdParams, querystring: TaskListQuery, response: { 200: z.object({ items: z.array(Task) }) } },
      },
      async (request) => agents.listTasks(request.db, callerWorkspace(request), request.params.id, request.query.status),
    );

    app.patch(
      "/agents/:id/tasks/:taskId",
      { preValidation, schema: { tags, params: TaskParams, body: UpdateTaskBody, response: { 200: Task } } },
      async (request) => agents.updateTask(request.db, callerWorkspace(request), request.params.id, request.params.taskId, request.body),
    );
  };
}
