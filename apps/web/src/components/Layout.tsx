import { useState } from "react";
import { NavLink, Outlet, useMatch } from "react-router";
import { useCreateWorkspace, useLogout, useMe, useSwitchWorkspace } from "../api/session";
import { ErrorNote } from "./ErrorNote";
import { Button } from "./Button";

/** The signed-in shell: navigation, workspace switcher, the current page. */
export function Layout() {
  const { data: me } = useMe();
  const logout = useLogout();
  const switchWs = useSwitchWorkspace();
  const createWs = useCreateWorkspace();
  const [newName, setNewName] = useState<string | null>(null);
  const [menuOpen, setMenuOpen] = useState(false);
  // A running app takes the whole width: its tables and boards need it.
  const wide = useMatch("/studio/:id") !== null;
  if (!me) return null;
  const link = ({ isActive }: { isActive: boolean }) =>
    `px-2 py-1 rounded ${isActive ? "bg-indigo-100 text-indigo-900" : "hover:bg-slate-100"}`;
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to the content
      </a>
      <nav aria-label="Main" className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-3 py-3 sm:px-6">
        <span className="mr-4 font-bold text-indigo-700">Voice-to-App</span>
        {/* Under 640 px the links fold behind a menu button. */}
        <Button
          size="sm"
          aria-expanded={menuOpen}
          aria-controls="nav-links"
          onClick={() => setMenuOpen((o) => !o)}
          className="ml-auto sm:hidden"
        >
          {menuOpen ? "Close menu" : "Menu"}
        </Button>
        <div
          id="nav-links"
          className={`${menuOpen ? "flex" : "hidden"} w-full flex-col gap-2 sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:flex-wrap sm:items-center sm:gap-3`}
          onClick={(e) => (e.target as HTMLElement).closest("a") && setMenuOpen(false)}
        >
          <NavLink to="/studio" className={link}>
            Studio
          </NavLink>
          <NavLink to="/" end className={link}>
            Agents
          </NavLink>
          <NavLink to="/interactions" className={link}>
            Interactions
          </NavLink>
          {me.user.isPlatformAdmin && (
            <NavLink to="/performance" className={link}>
              Performance
            </NavLink>
          )}
          <NavLink to="/members" className={link}>
            Members
          </NavLink>
          {me.workspace.role !== "viewer" && me.workspace.role !== "member" && (
            <NavLink to="/api-keys" className={link}>
              API keys
            </NavLink>
          )}
          <span className="hidden sm:ml-auto sm:block" />
          <select
            aria-label="Workspace"
            value={me.workspace.id}
            onChange={(e) => {
              if (e.target.value === "__new") setNewName("");
              else switchWs.mutate(e.target.value);
            }}
            className="rounded border border-slate-300 px-2 py-1 text-sm"
          >
            {me.workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name} ({w.role})
              </option>
            ))}
            <option value="__new">+ New workspace…</option>
          </select>
          {newName !== null && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                createWs.mutate(newName, { onSuccess: () => setNewName(null) });
              }}
              className="flex gap-1"
            >
              <input
                autoFocus
                aria-label="New workspace name"
                required
                value={newName}
                onChange={(e) => setNewName(e.target.value)}
                className="rounded border border-slate-300 px-2 py-1 text-sm"
              />
              <Button type="submit" variant="primary" size="sm">
                Create
              </Button>
            </form>
          )}
          <NavLink to="/account" className={link} title="Your account: email address and two-factor sign-in">
            {me.user.name}
          </NavLink>
          <button type="button" onClick={() => logout.mutate()} className="text-left text-sm text-slate-600 hover:underline">
            Log out
          </button>
        </div>
      </nav>
      <main id="main" tabIndex={-1} className={`mx-auto p-3 outline-none sm:p-6 ${wide ? "max-w-none" : "max-w-6xl"}`}>
        <ErrorNote error={switchWs.error ?? createWs.error} />
        <Outlet />
      </main>
    </div>
  );
}
