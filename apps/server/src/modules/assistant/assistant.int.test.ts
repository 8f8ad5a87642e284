/** Commands said to a running app: proposed, confirmed, undone; lists and answers over every record; roles and tenants. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppRecord, CommandResult, ErrorBody, Interaction, pageOf } from "@vta/contracts";
import { buildAndWait, createWorkspace, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";

let app: TestApp;
let me: Actor;
let appId: string;
const ids: Record<string, string> = {};

const SALON =
  "A salon booking app. Clients with name, phone and email. Appointments with client, date and time, service (cut, colour, blowout, highlights), price in dollars, paid yes or no and notes.";

const say = (payload: Record<string, unknown>, who: Actor = me, id = appId) =>
  request(app, who, { method: "POST", url: `/api/v1/apps/${id}/commands`, payload: { tz: "UTC", ...payload } });
const command = async (text: string, extra: Record<string, unknown> = {}) => parsed(await say({ text, ...extra }), CommandResult);
const confirm = (c: CommandResult, changes?: Record<string, unknown>, who: Actor = me) =>
  request(app, who, { method: "POST", url: `/api/v1/apps/${appId}/commands/${c.id}/confirm`, payload: changes ? { changes } : {} });
const undo = (c: CommandResult, who: Actor = me) =>
  request(app, who, { method: "POST", url: `/api/v1/apps/${appId}/commands/${c.id}/undo`, payload: {} });
const appointments = async () =>
  parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/appointment?limit=100` }), pageOf(AppRecord)).items;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  me = await createWorkspace(app, "Salon");
  const built = await buildAndWait(app, me, SALON);
  expect(built.build.status).toBe("succeeded");
  appId = built.appId;
  for (const name of ["Maria Smith", "Jane Lopez"]) {
    const res = await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/client`, payload: { name } });
    ids[name] = parsed(res, AppRecord, 201).id;
  }
});
afterAll(() => app.close());

describe("commands on a running app", () => {
  it("proposes a create with typed values, writes it on confirm (with the person's edits), and undoes it", async () => {
    const c = await command("add an appointment for Maria on March 20 2026 at 3pm, colour, eighty dollars");
    expect(c).toMatchObject({ kind: "create", status: "proposed", entity: "appointment" });
    expect(c.changes).toEqual({ client: ids["Maria Smith"], dateTime: "2026-03-20T15:00:00Z", service: "colour", price: 80 });
    expect(c.summary).toMatch(/Add appointment: .*Maria Smith.*\$80/);
    expect(await appointments()).toHaveLength(0);

    const done = parsed(await confirm(c, { price: 85 }), CommandResult);
    expect(done.status).toBe("applied");
    expect(done.record!.data).toMatchObject({ client: ids["Maria Smith"], service: "colour", price: 85 });
    expect((await appointments()).map((r) => r.id)).toEqual([done.record!.id]);
    expect(parsed(await confirm(c), ErrorBody, 409).error.message).toMatch(/already applied/);

    expect(parsed(await undo(c), CommandResult).status).toBe("undone");
    expect(await appointments()).toHaveLength(0);
    expect(parsed(await undo(c), ErrorBody, 409).error.message).toMatch(/already undone/);
  });

  it("writes at once with confirm: true; updates and deletes the record named, and undo puts it back as it was", async () => {
    const created = await command("book Jane for a cut on March 21 2026 at 10am, 40 dollars", { confirm: true });
    expect(created.status).toBe("applied");
    const id = created.record!.id;

    const paid = await command("mark Jane's appointment as paid", { confirm: true });
    expect(paid).toMatchObject({ kind: "update", status: "applied", changes: { paid: true } });
    expect(paid.record!.id).toBe(id);
    expect((await appointments())[0]!.data.paid).toBe(true);
    await undo(paid);
    expect((await appointments())[0]!.data.paid ?? null).toBe(null);

    const gone = await command("delete Jane's appointment", { confirm: true });
    expect(gone, JSON.stringify(gone)).toMatchObject({ kind: "delete", status: "applied" });
    expect(await appointments()).toHaveLength(0);
    await undo(gone);
    const back = await appointments();
    expect(back.map((r) => [r.id, r.createdAt, r.data.service])).toEqual([[id, created.record!.createdAt, "cut"]]);
  });

  it("lists with the runtime's filters and answers questions exactly over every record", async () => {
    await command("add an appointment for Maria on March 22 2026 at 2pm, colour, 120 dollars, paid", { confirm: true });
    const unpaid = await command("show unpaid appointments");
    expect(unpaid).toMatchObject({
      kind: "filter",
      status: "done",
      filter: { filters: [{ field: "paid", op: "is", value: false }], count: 1 },
    });

    const total = await command("how much did colour bring in?");
    expect(total.answer, JSON.stringify(total)).toMatchObject({ value: 120 });
    expect(total.answer!.text).toMatch(/\$120/);
    const count = await command("how many appointments are there");
    expect(count.answer!.value).toBe(2);
    const top = await command("which client spends the most");
    expect(top.answer, JSON.stringify(top)).toMatchObject({ label: "Maria Smith", value: 120 });
  });

  it("asks which one when a command could mean two records, and every unclear answer carries a hint", async () => {
    await command("book Jane for highlights on March 23 2026 at 11am", { confirm: true });
    const which = await command("delete Jane's appointment");
    expect(which.kind).toBe("unclear");
    expect(which.hint).toMatch(/2 appointments match/);
    expect(which.candidates).toHaveLength(2);
    expect((await command("zzz qqq")).hint).toBeTruthy();
    expect((await command("42")).hint).toMatch(/Say what to add/);
  });

  it("records each command as an interaction of the workspace's Assistant agent", async () => {
    const c = await command("how many clients are there");
    expect(c.interactionId).toBeTruthy();
    const page = parsed(await request(app, me, { method: "GET", url: `/api/v1/interactions?limit=100` }), pageOf(Interaction));
    const mine = page.items.find((i) => i.id === c.interactionId)!;
    expect(mine).toMatchObject({ agentName: "Assistant", input: "how many clients are there", output: c.summary });
  });

  it("answers a client's mistakes with a 4xx that says what to fix", async () => {
    expect(parsed(await say({}), ErrorBody, 400).error.message).toMatch(/text or as a transcriptionId/);
    expect(parsed(await say({ text: "hi", transcriptionId: ids["Maria Smith"] }), ErrorBody, 400).error.message).toMatch(/one of them/);
    expect((await say({ transcriptionId: ids["Maria Smith"] })).statusCode).toBe(404);
    expect(parsed(await say({ text: "how many clients", tz: "Mars/Olympus" }), ErrorBody, 400).error.message).toMatch(/not a time zone/);
    const filter = await command("show unpaid appointments");
    expect(parsed(await confirm(filter), ErrorBody, 409).error.message).toMatch(/nothing to confirm/);
    expect((await say({ text: "how many clients" }, me, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
  });
});

describe("commands and who may give them", () => {
  it("lets a viewer ask and list but not write, and keeps another workspace out", async () => {
    const viewer = await createWorkspace(app, "Viewer");
    await app.database.db.execute(
      sql`insert into memberships (workspace_id, user_id, role) values (${me.workspaceId}, ${viewer.userId}, 'viewer')`,
    );
    const sw = await request(app, viewer, { method: "POST", url: "/api/v1/me/workspace", payload: { workspaceId: me.workspaceId } });
    expect(sw.statusCode).toBe(200);
    expect(parsed(await say({ text: "how many appointments are there" }, viewer), CommandResult).kind).toBe("answer");
    expect(parsed(await say({ text: "show paid appointments" }, viewer), CommandResult).kind).toBe("filter");
    expect(parsed(await say({ text: "add a client Nora Kim" }, viewer), ErrorBody, 403).error.message).toMatch(/Viewers can ask and list/);
    const proposal = await command("add a client Nora Kim");
    expect((await confirm(proposal, undefined, viewer)).statusCode).toBe(403);
    expect((await undo(proposal, viewer)).statusCode).toBe(403);

    const stranger = await createWorkspace(app, "Stranger");
    expect((await say({ text: "how many appointments are there" }, stranger)).statusCode).toBe(404);
    expect((await confirm(proposal, undefined, stranger)).statusCode).toBe(404);
    expect((await request(app, stranger, { method: "GET", url: `/api/v1/apps/${appId}/commands/${proposal.id}` })).statusCode).toBe(404);
  });
});
