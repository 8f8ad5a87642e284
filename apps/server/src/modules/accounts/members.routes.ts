import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { AddMemberBody, Member, MemberParams, UpdateMemberBody } from "@vta/contracts";
import { auth, callerWorkspace, requirePrincipal } from "../../platform/auth/principal.js";
import type { MembersService } from "./members.service.js";

export function membersRoutes(members: MembersService) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["members"];

    app.get("/members", { preValidation: [auth.required], schema: { tags, response: { 200: z.object({ items: z.array(Member) }) } } }, async (request) => ({
      items: await members.list(request.db, callerWorkspace(request)),
    }));
    app.post(
      "/members",
      { preValidation: [auth.admin], schema: { tags, description: "Adds an existing account by email", body: AddMemberBody, response: { 201: Member } } },
      async (request, reply) => reply.status(201).send(await members.add(request.db, callerWorkspace(request), request.body.email, request.body.role)),
    );
    app.patch(
      "/members/:userId",
      { preValidation: [auth.required], schema: { tags, params: MemberParams, body: UpdateMemberBody, response: { 200: Member } } },
      async (request) => members.setRole(request.db, requirePrincipal(request), request.params.userId, request.body.role),
    );
    // Existence in the caller's workspace is checked before the role, so another tenant's people answer 404.
    app.delete("/members/:userId", { preValidation: [auth.required], schema: { tags, params: MemberParams } }, async (request, reply) => {
      await members.remove(request.db, requirePrincipal(request), request.params.userId);
      return reply.status(204).send();
    });
  };
}
