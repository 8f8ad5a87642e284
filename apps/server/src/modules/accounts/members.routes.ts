import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  AddMemberBody,
  IdParams,
  Invitation,
  InvitationPreview,
  InvitationToken,
  JoinedWorkspace,
  Member,
  MemberParams,
  NoContent,
  UpdateMemberBody,
} from "@vta/contracts";
import { auth, callerWorkspace, requirePrincipal } from "../../platform/auth/principal.js";
import type { MembersService } from "./members.service.js";

/** `mailLimit` throws 429 when a recipient or workspace asked for too much mail. */
export function membersRoutes(members: MembersService, mailLimit: (to: string, sender: string) => void) {
  return async function (fastify: FastifyInstance) {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["members"];

    app.get(
      "/members",
      { preValidation: [auth.required], schema: { tags, response: { 200: z.object({ items: z.array(Member) }) } } },
      async (request) => ({
        items: await members.list(request.db, callerWorkspace(request)),
      }),
    );
    app.post(
      "/members",
      {
        preValidation: [auth.admin],
        schema: {
          tags,
          description: "Invites an address: a link is mailed; the person joins when they accept it, signed in with that address",
          body: AddMemberBody,
          response: { 201: Invitation },
        },
      },
      async (request, reply) => {
        mailLimit(request.body.email, callerWorkspace(request));
        return reply.status(201).send(await members.invite(request.db, requirePrincipal(request), request.body.email, request.body.role));
      },
    );
    app.patch(
      "/members/:userId",
      { preValidation: [auth.required], schema: { tags, params: MemberParams, body: UpdateMemberBody, response: { 200: Member } } },
      async (request) => members.setRole(request.db, requirePrincipal(request), request.params.userId, request.body.role),
    );
    // Existence in the caller's workspace is checked before the role, so another tenant's people answer 404.
    app.delete(
      "/members/:userId",
      { preValidation: [auth.required], schema: { tags, params: MemberParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await members.remove(request.db, requirePrincipal(request), request.params.userId);
        return reply.status(204).send();
      },
    );
    app.post(
      "/workspace/leave",
      {
        preValidation: [auth.user],
        schema: {
          tags,
          description: "Leaves the workspace you are in; the API keys you made for it are revoked",
          response: { 204: NoContent },
        },
      },
      async (request, reply) => {
        await members.leave(request.db, requirePrincipal(request));
        return reply.status(204).send();
      },
    );

    app.get(
      "/invitations",
      {
        preValidation: [auth.admin],
        schema: { tags, description: "Invitations not yet accepted", response: { 200: z.object({ items: z.array(Invitation) }) } },
      },
      async (request) => ({
        items: await members.invitations(request.db, callerWorkspace(request)),
      }),
    );
    app.delete(
      "/invitations/:id",
      { preValidation: [auth.admin], schema: { tags, params: IdParams, response: { 204: NoContent } } },
      async (request, reply) => {
        await members.revokeInvitation(request.db, callerWorkspace(request), request.params.id);
        return reply.status(204).send();
      },
    );
    app.post(
      "/invitations/preview",
      {
        preValidation: [auth.sameOrigin],
        schema: { tags, description: "What an invitation link offers", body: InvitationToken, response: { 200: InvitationPreview } },
      },
      async (request) => members.preview(request.db, request.body.token),
    );
    app.post(
      "/invitations/accept",
      {
        preValidation: [auth.user],
        schema: {
          tags,
          description: "Joins the workspace of the invitation (signed in with the invited address)",
          body: InvitationToken,
          response: { 200: JoinedWorkspace },
        },
      },
      async (request) => ({
        workspaceId: await members.accept(request.db, requirePrincipal(request), request.body.token),
      }),
    );
  };
}
