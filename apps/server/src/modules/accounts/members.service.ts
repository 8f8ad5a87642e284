/**
 * A workspace's members: listed by anyone in it; added (existing accounts, by email), given another
 * role or removed by its admins and owner. The owner stays the owner. A change of role or a removal
 * takes effect on the member's next request: their cached sessions in the workspace are dropped; a
 * removed member's sessions move to another workspace of theirs (or end when they have none).
 */
import { sql } from "drizzle-orm";
import type { Member, Role } from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows, toIso } from "../../platform/db/rows.js";
import { hasRole, type Principal } from "../../platform/auth/principal.js";
import { forbidden, HttpError, notFound } from "../../platform/http/errors.js";

type MemberRow = { user_id: string; email: string; name: string; role: Role; created_at: string };

const serialize = (r: MemberRow): Member => ({ userId: r.user_id, email: r.email, name: r.name, role: r.role, joinedAt: toIso(r.created_at) });

const MEMBERS = sql`select m.user_id, u.email, u.name, m.role, m.created_at from memberships m join users u on u.id = m.user_id`;

const ownerStays = () => new HttpError(409, "owner_stays", "The workspace owner cannot be removed or given another role");

export function createMembersService(cache: Cache) {
  /** Another workspace's people answer 404 before the caller's role is looked at (no probing). */
  async function findToManage(db: Db, principal: Principal, userId: string): Promise<MemberRow> {
    const row = await find(db, principal.workspaceId, userId);
    if (!hasRole(principal, "admin")) throw forbidden("Only workspace owners and admins can manage members");
    if (row.role === "owner") throw ownerStays();
    return row;
  }

  async function find(db: Db, workspaceId: string, userId: string): Promise<MemberRow> {
    const [row] = await queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} and m.user_id = ${userId}`);
    if (!row) throw notFound("Member");
    return row;
  }

  /**
   * Runs `change`, then drops the cached principals of the member's sessions in this workspace
   * (they carry the old role). The sessions are read first: a removal moves them elsewhere.
   */
  async function changeThenForget(db: Db, workspaceId: string, userId: string, change: () => Promise<unknown>) {
    const sessions = await queryRows<{ id: string }>(db, sql`select id from sessions where user_id = ${userId} and workspace_id = ${workspaceId}`);
    await change();
    for (const s of sessions) await cache.invalidate(ns.auth(s.id));
  }

  return {
    async list(db: Db, workspaceId: string): Promise<Member[]> {
      const rows = await queryRows<MemberRow>(db, sql`${MEMBERS} where m.workspace_id = ${workspaceId} order by m.created_at, u.email`);
      return rows.map(serialize);
    },

    async add(db: Db, workspaceId: string, email: string, role: Role): Promise<Member> {
      const [user] = await queryRows<{ id: string }>(db, sql`select id from users where email = ${email}`);
      if (!user) throw new HttpError(404, "no_such_account", `No account uses ${email}; ask them to sign up first, then add them`);
      const added = await queryRows<{ user_id: string }>(db, sql`
        insert into memberships (workspace_id, user_id, role) values (${workspaceId}, ${user.id}, ${role})
        on conflict do nothing returning user_id`);
      if (!added.length) throw new HttpError(409, "already_member", `${email} is already a member of this workspace`);
      return serialize(await find(db, workspaceId, user.id));
    },

    async setRole(db: Db, principal: Principal, userId: string, role: Role): Promise<Member> {
      const current = await findToManage(db, principal, userId);
      const { workspaceId } = principal;
      await changeThenForget(db, workspaceId, userId, () =>
        db.execute(sql`update memberships set role = ${role} where workspace_id = ${workspaceId} and user_id = ${userId}`),
      );
      return { ...serialize(current), role };
    },

    async remove(db: Db, principal: Principal, userId: string): Promise<void> {
      await findToManage(db, principal, userId);
      const { workspaceId } = principal;
      // Their sessions move to another workspace of theirs; with none left, they end.
      await changeThenForget(db, workspaceId, userId, () => db.execute(sql`
        with gone as (delete from memberships where workspace_id = ${workspaceId} and user_id = ${userId}),
        elsewhere as (select workspace_id from memberships where user_id = ${userId} and workspace_id <> ${workspaceId} order by created_at limit 1),
        moved as (update sessions set workspace_id = (select workspace_id from elsewhere)
          where user_id = ${userId} and workspace_id = ${workspaceId} and exists (select 1 from elsewhere))
        delete from sessions where user_id = ${userId} and workspace_id = ${workspaceId} and not exists (select 1 from elsewhere)`));
    },
  };
}

export type MembersService = ReturnType<typeof createMembersService>;
