import crypto from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import type { Role } from "#db/schema";
import { nowIso } from "#db/adapter";
import { db, type DB } from "./db.server";
import { getEnv } from "./env.server";
import { hashPassword, verifyPassword } from "./password.server";

const SESSION_DAYS = 30;

export const sessionCookie = createCookie("vagval_session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  secure: getEnv().NODE_ENV === "production" && !getEnv().INSECURE_COOKIES,
  secrets: [getEnv().SESSION_SECRET],
  maxAge: SESSION_DAYS * 24 * 3600,
});

export const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");
export const randomToken = () => crypto.randomBytes(32).toString("base64url");
/** Whether a string from a URL can be one of our random tokens at all (cheap check before any lookup). */
export const looksLikeToken = (value: string) => /^[A-Za-z0-9_-]{20,64}$/.test(value);

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
  locale: string;
  schoolId: number | null;
  municipalityIds: number[];
  sessionId: string;
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The signed-in user, or null. Expired sessions, disabled accounts and unknown tokens are all null. */
export async function getUser(request: Request, database: DB = db): Promise<SessionUser | null> {
  const token = await sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || token.length < 20) return null;
  const sessionId = sha256(token);
  const row = await database
    .selectFrom("session")
    .innerJoin("app_user", "app_user.id", "session.user_id")
    .select([
      "app_user.id",
      "app_user.email",
      "app_user.name",
      "app_user.role",
      "app_user.locale",
      "app_user.school_id",
      "session.id as session_id",
    ])
    .where("session.id", "=", sessionId)
    .where("session.expires_at", ">", nowIso())
    .where("app_user.disabled_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  const municipalities = await database
    .selectFrom("user_municipality")
    .select("municipality_id")
    .where("user_id", "=", row.id)
    .execute();
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    schoolId: row.school_id,
    municipalityIds: municipalities.map((m) => m.municipality_id),
    sessionId: row.session_id,
  };
}

/**
 * Starts a fresh session (a new random token, so a session id planted before sign-in is useless)
 * and ends the one the request came with. Returns the Set-Cookie header.
 */
export async function createUserSession(request: Request, userId: number, database: DB = db) {
  const previous = await sessionCookie.parse(request.headers.get("Cookie"));
  if (typeof previous === "string") await database.deleteFrom("session").where("id", "=", sha256(previous)).execute();
  const token = randomToken();
  await database
    .insertInto("session")
    .values({
      id: sha256(token),
      user_id: userId,
      expires_at: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000).toISOString(),
      user_agent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
    })
    .execute();
  return sessionCookie.serialize(token);
}

export async function destroySession(request: Request, { everywhere = false } = {}, database: DB = db) {
  const user = await getUser(request, database);
  if (user) {
    const query = database.deleteFrom("session");
    await (everywhere ? query.where("user_id", "=", user.id) : query.where("id", "=", user.sessionId)).execute();
  }
  return sessionCookie.serialize("", { maxAge: 0 });
}

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterMinutes: number };

/**
 * Checks e-mail and password. Failed attempts are counted per account and per client address;
 * past the limit every attempt is refused until the window has passed, right password or not.
 * A wrong password and an unknown account give the same answer.
 */
export async function signIn(
  input: { email: string; password: string; clientIp: string },
  database: DB = db,
): Promise<SignInResult> {
  const env = getEnv();
  const email = normaliseEmail(input.email);
  const windowMs = env.LOGIN_WINDOW_MINUTES * 60_000;
  const since = new Date(Date.now() - windowMs).toISOString();
  const keys = { account: `account:${email}`, address: `address:${input.clientIp}` };
  const limits = { account: env.LOGIN_MAX_ATTEMPTS, address: env.LOGIN_MAX_ATTEMPTS * 4 };

  // Each attempt is written before anything is checked, so parallel guesses count against each
  // other instead of all reading the same old count. A successful sign-in takes its rows back.
  const attemptedAt = nowIso();
  const written = await database
    .insertInto("login_attempt")
    .values([
      { key: keys.account, attempted_at: attemptedAt },
      { key: keys.address, attempted_at: attemptedAt },
    ])
    .returning("id")
    .execute();
  for (const kind of ["account", "address"] as const) {
    const recent = await database
      .selectFrom("login_attempt")
      .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.min("attempted_at").as("oldest")])
      .where("key", "=", keys[kind])
      .where("attempted_at", ">", since)
      .executeTakeFirstOrThrow();
    if (Number(recent.n) > limits[kind]) {
      const freeAt = new Date(String(recent.oldest)).getTime() + windowMs;
      return { ok: false, reason: "rate_limited", retryAfterMinutes: Math.max(1, Math.ceil((freeAt - Date.now()) / 60_000)) };
    }
  }

  const user = await database
    .selectFrom("app_user")
    .select(["id", "password_hash", "disabled_at"])
    .where("email", "=", email)
    .executeTakeFirst();
  const valid = await verifyPassword(input.password, user?.password_hash ?? null);
  if (user && valid && !user.disabled_at) {
    await database.deleteFrom("login_attempt").where("key", "=", keys.account).execute();
    await database.deleteFrom("login_attempt").where("id", "in", written.map((w) => w.id)).execute();
    return { ok: true, userId: user.id };
  }
  return { ok: false, reason: "invalid" };
}

/** Where each role lands after signing in. */
export function homeFor(role: Role): string {
  return role === "admin" ? "/admin" : "/oversikt";
}

/** A same-site path to return to after sign-in; anything else (other hosts, "//x") becomes "/". */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  // Browsers drop tabs and newlines and read "//host" as another site: let the URL parser decide.
  const base = new URL("http://vagval.invalid");
  const url = new URL(to, base);
  return url.origin === base.origin ? url.pathname + url.search + url.hash : fallback;
}

export async function requireSignedIn(request: Request, database: DB = db): Promise<SessionUser> {
  const user = await getUser(request, database);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/logga-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

// Single-use, expiring links: invitations and password resets.
export async function createAuthToken(
  database: DB,
  input: { userId: number; purpose: "invitation" | "password_reset"; createdBy?: number | null; ttlHours: number },
) {
  const token = randomToken();
  await database
    .insertInto("auth_token")
    .values({
      purpose: input.purpose,
      token_hash: sha256(token),
      user_id: input.userId,
      created_by: input.createdBy ?? null,
      expires_at: new Date(Date.now() + input.ttlHours * 3600_000).toISOString(),
    })
    .execute();
  return token;
}

export type TokenState = { state: "valid"; userId: number; tokenId: number } | { state: "expired" | "used" | "unknown" };

export async function checkAuthToken(
  database: DB,
  token: string,
  purpose: "invitation" | "password_reset",
): Promise<TokenState> {
  const row = await database
    .selectFrom("auth_token")
    .selectAll()
    .where("token_hash", "=", sha256(token))
    .where("purpose", "=", purpose)
    .executeTakeFirst();
  if (!row) return { state: "unknown" };
  if (row.used_at) return { state: "used" };
  if (row.expires_at <= nowIso()) return { state: "expired" };
  return { state: "valid", userId: row.user_id, tokenId: row.id };
}

/**
 * Uses a token to set a password, in one transaction: the token is marked used only if it was
 * still unused (so two tabs cannot both use it), and every old session of the account ends.
 */
export async function redeemAuthToken(
  database: DB,
  input: { token: string; purpose: "invitation" | "password_reset"; password: string; name?: string },
): Promise<TokenState> {
  // Junk tokens cost no password hash.
  const first = await checkAuthToken(database, input.token, input.purpose);
  if (first.state !== "valid") return first;
  const passwordHash = await hashPassword(input.password);
  return database.transaction().execute(async (trx) => {
    const check = await checkAuthToken(trx, input.token, input.purpose);
    if (check.state !== "valid") return check;
    const owner = await trx.selectFrom("app_user").select("disabled_at").where("id", "=", check.userId).executeTakeFirst();
    if (!owner || owner.disabled_at) return { state: "unknown" as const };
    const marked = await trx
      .updateTable("auth_token")
      .set({ used_at: nowIso() })
      .where("id", "=", check.tokenId)
      .where("used_at", "is", null)
      .executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) return { state: "used" as const };
    await trx
      .updateTable("app_user")
      .set({ password_hash: passwordHash, ...(input.name ? { name: input.name } : {}) })
      .where("id", "=", check.userId)
      .execute();
    await trx.deleteFrom("session").where("user_id", "=", check.userId).execute();
    return check;
  });
}
