import { z } from "zod";
import { Uuid } from "./common.js";

export const Role = z.enum(["owner", "admin", "member", "viewer"]);
export type Role = z.infer<typeof Role>;

export const Email = z
  .email({ message: "must be an email address" })
  .max(254)
  .transform((e) => e.toLowerCase());

/** A password being chosen (signing up, resetting). */
export const NewPassword = z.string().min(8, "password must have at least 8 characters").max(200);

export const SignupBody = z.object({
  email: Email,
  password: NewPassword,
  name: z.string().trim().min(1, "name is required").max(120),
  /** The one-time token the instance printed at start: this account becomes the platform admin. */
  setupToken: z.string().min(16).max(200).optional(),
});
export type SignupBody = z.infer<typeof SignupBody>;

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1, "password is required").max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const User = z.object({
  id: Uuid,
  email: z.string(),
  name: z.string(),
  isPlatformAdmin: z.boolean(),
  /** Whether the person proved the address is theirs. */
  emailVerified: z.boolean(),
  /** Whether signing in also needs a code from an authenticator app. */
  twoFactor: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof User>;

export const Workspace = z.object({ id: Uuid, name: z.string(), role: Role });
export type Workspace = z.infer<typeof Workspace>;

export const AuthResult = z.object({ user: User, workspace: Workspace });
export type AuthResult = z.infer<typeof AuthResult>;

export const Me = z.object({
  user: User,
  workspace: Workspace,
  workspaces: z.array(Workspace),
  via: z.enum(["session", "apiKey"]),
});
export type Me = z.infer<typeof Me>;

export const CreateWorkspaceBody = z.object({ name: z.string().trim().min(1).max(120) });
export const SwitchWorkspaceBody = z.object({ workspaceId: Uuid });

export const CreateApiKeyBody = z.object({ name: z.string().trim().min(1, "name is required").max(120) });
export const ApiKey = z.object({
  id: Uuid,
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;
export const CreatedApiKey = ApiKey.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

/** Roles a workspace admin can give; a workspace has exactly one owner, its creator. */
export const MemberRole = z.enum(["admin", "member", "viewer"], { message: "role must be admin, member or viewer" });
export const Member = z.object({ userId: Uuid, email: z.string(), name: z.string(), role: Role, joinedAt: z.string() });
export type Member = z.infer<typeof Member>;
export const AddMemberBody = z.object({ email: Email, role: MemberRole.default("member") });
export const UpdateMemberBody = z.object({ role: MemberRole });
export const MemberParams = z.object({ userId: Uuid });

export const VerifyEmailBody = z.object({ token: z.string().min(16).max(200) });
/** A verified address, and whether it made the account a platform admin (ADMIN_EMAILS). */
export const VerifiedEmail = z.object({ email: z.string(), isPlatformAdmin: z.boolean() });
export type VerifiedEmail = z.infer<typeof VerifiedEmail>;
/** A link was mailed (202): the same answer whether or not there was anyone to mail. */
export const MailSent = z.object({ sent: z.literal(true) });
export type MailSent = z.infer<typeof MailSent>;

export const Invitation = z.object({
  id: Uuid,
  email: z.string(),
  role: Role,
  invitedBy: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof Invitation>;
/** What an invited person sees before accepting: which workspace, which role, for which address. */
export const InvitationPreview = z.object({
  workspaceName: z.string(),
  role: Role,
  email: z.string(),
  invitedBy: z.string().nullable(),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;
export const InvitationToken = z.object({ token: z.string().min(16).max(200) });
/** An accepted invitation: the workspace joined. */
export const JoinedWorkspace = z.object({ workspaceId: Uuid });
export type JoinedWorkspace = z.infer<typeof JoinedWorkspace>;
